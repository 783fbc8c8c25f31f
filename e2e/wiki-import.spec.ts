import { expect, test } from "@playwright/test";
import { ensureIndexed, fixtureCopy, storeCachedWiki } from "./fixtures";

// A wiki stored through DeepWiki's cache keeps its text as sent; Cartograph's own view
// shows what its checks found beside that text.

const CONTENT = [
  "# Overview",
  "",
  "The subtotal is summed in src/cart.ts:10-12.",
  "",
  "Wrong on purpose: src/cart.ts:200-210 and src/ghost.ts:1-3.",
  "",
  "The package starts in shop/__init__.py, run by __main__.py.",
  "",
].join("\n");

test("an imported page marks the citations that do not hold and says what was not found", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const dir = fixtureCopy("imported");
  const repoId = await ensureIndexed(request, dir);
  const overview = {
    id: "overview",
    title: "Overview",
    content: CONTENT,
    filePaths: ["src/cart.ts", "src/ghost.ts"],
    importance: "high",
    relatedPages: [],
  };
  const wikiId = await storeCachedWiki(request, dir, {
    title: "Imported shop",
    description: "Written by DeepWiki",
    pages: [overview],
  });

  await page.goto(`/repos/${repoId}/wiki?wiki=${wikiId}&page=overview`);
  const article = page.getByTestId("wiki-page");
  await expect(article.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(
    article.locator('a[data-citation="valid"]', { hasText: "src/cart.ts:10-12" }),
  ).toHaveAttribute("href", /\/source\?path=src\/cart\.ts/);
  for (const wrong of ["src/cart.ts:200-210", "src/ghost.ts:1-3"])
    await expect(article.locator('[data-citation="invalid"]', { hasText: wrong })).toBeVisible();
  await expect(article.getByTestId("wiki-page-checks")).toHaveText(
    "Kept as imported, checked against this commit: 2 of 3 citations not found in this commit; listed file not in this commit: src/ghost.ts.",
  );
  // A dunder file name is a name, not bold text.
  await expect(article).toContainText(
    "The package starts in shop/__init__.py, run by __main__.py.",
  );
  await expect(article.locator("strong")).toHaveCount(0);
  // The text is as DeepWiki wrote it: nothing rewritten into it.
  await expect(article).not.toContainText("unverified");
});
