import { readFile } from "node:fs/promises";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { ensureIndexed, fixtureCopy, type StoredWiki, waitForWiki } from "./fixtures";

/** The spec's own copy of the shop fixture: the wiki tests start from a repository with no wiki. */
const bookshopDir = () => fixtureCopy("bookshop");

// The wiki in the browser against the suite's one server, whose model is the project's
// fixture: it plans a few pages from the repository map and writes each one slowly (a
// delay between pieces), citing real lines, linking another page and drawing a diagram.

/** The clone's comprehensive English wiki, generated over the API when the UI test has not. */
async function ensureWiki(
  request: APIRequestContext,
): Promise<{ repoId: string; wiki: StoredWiki }> {
  const repoId = await ensureIndexed(request, bookshopDir());
  const started = await request.post("/api/wikis", {
    data: { repo_url: bookshopDir(), language: "en", wiki_type: "comprehensive" },
  });
  expect(started.status(), await started.text()).toBeLessThan(300);
  const { wiki_id: wikiId } = (await started.json()) as { wiki_id: string };
  return { repoId, wiki: await waitForWiki(request, wikiId) };
}

const tree = (page: Page) => page.getByRole("navigation", { name: "Wiki pages" });
const article = (page: Page) => page.getByTestId("wiki-page");

test.describe.configure({ mode: "serial" });

test("a wiki is generated while the pages appear and fill in live", async ({ page, request }) => {
  test.setTimeout(180_000);
  const repoId = await ensureIndexed(request, bookshopDir());
  await page.goto(`/repos/${repoId}/wiki`);

  const empty = page.getByTestId("wiki-empty");
  await expect(empty.getByRole("heading", { name: /No wiki for .*bookshop yet/ })).toBeVisible();
  await expect(empty.getByLabel("Language")).toHaveValue("en");
  await expect(empty.getByRole("option", { name: "日本語" })).toBeAttached();
  await empty.getByLabel("Wiki type").selectOption("comprehensive");
  await empty.getByRole("button", { name: "Generate wiki" }).click();

  // The run's progress: a bar, what it is doing, pages written of planned.
  const progress = page.getByTestId("wiki-progress");
  await expect(progress).toBeVisible();
  await expect(
    progress.getByRole("progressbar", { name: "Wiki generation progress" }),
  ).toBeVisible();

  // After planning the tree holds every page, in its sections, each with its state.
  await expect(tree(page).getByRole("link", { name: /Overview/ })).toBeVisible({ timeout: 60_000 });
  await expect(tree(page).getByRole("heading", { name: "Introduction" })).toBeVisible();
  await expect(tree(page).getByRole("heading", { name: "Internals" })).toBeVisible();
  await expect(progress.getByTestId("wiki-progress-steps")).toHaveText(/\d+ of \d+ pages/);

  // A page is seen half-written: still being written, with some of its text already shown.
  await expect(tree(page).locator('[data-state="generating"]').first()).toBeAttached();
  await expect
    .poll(
      async () => {
        const status = await article(page).getByTestId("wiki-page-status").textContent();
        const text = await article(page).textContent();
        return status === "Being written…" && (text ?? "").includes("Purpose");
      },
      { timeout: 60_000, intervals: [100] },
    )
    .toBe(true);

  // Then every page is written and stored: the checked copy with its source files first.
  await expect(page.getByTestId("wiki-status")).toHaveText("Ready", { timeout: 150_000 });
  await expect(progress).toBeHidden();
  const states = tree(page).getByTestId("page-state");
  expect(await states.count()).toBeGreaterThanOrEqual(3);
  for (const state of await states.all()) await expect(state).toHaveAttribute("data-state", "done");
  await expect(article(page)).toContainText("Relevant source files");
  await expect(article(page).getByTestId("mermaid-diagram")).toBeVisible();
});

test("the tree and links between pages move through the wiki", async ({ page, request }) => {
  const { repoId } = await ensureWiki(request);
  await page.goto(`/repos/${repoId}/wiki`);

  // The first page opens by default and is marked in the tree.
  await expect(article(page).getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(tree(page).getByRole("link", { name: /Overview/ })).toHaveAttribute(
    "aria-current",
    "page",
  );

  // From the keyboard: focus the tree's Architecture entry and open it.
  const architecture = tree(page)
    .getByRole("link", { name: /^Architecture/ })
    .first();
  await architecture.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]page=architecture\b/);
  await expect(
    article(page).getByRole("heading", { level: 1, name: "Architecture" }),
  ).toBeVisible();
  await expect(architecture).toHaveAttribute("aria-current", "page");

  // A `wiki:` link in the text opens that page in place; a link to no page is plain text.
  await expect(article(page).getByText("a missing one")).toBeVisible();
  await expect(article(page).getByRole("link", { name: "a missing one" })).toHaveCount(0);
  const other = article(page).getByRole("link", { name: "the other page" });
  const target = /[?&]page=([\w-]+)/.exec((await other.getAttribute("href")) ?? "")?.[1];
  expect(target).toBeTruthy();
  await other.click();
  await expect(page).toHaveURL(new RegExp(`[?&]page=${target}\\b`));
  await expect(article(page)).toHaveAttribute("data-page-id", target ?? "");

  // Related pages link too, and the browser's Back returns to the page before.
  await page.goto(`/repos/${repoId}/wiki?page=overview`);
  await article(page).locator("footer").getByRole("link", { name: "Architecture" }).click();
  await expect(page).toHaveURL(/[?&]page=architecture\b/);
  await page.goBack();
  await expect(page).toHaveURL(/[?&]page=overview\b/);
});

test("a citation opens the source viewer at its lines and commit", async ({ page, request }) => {
  const { repoId, wiki } = await ensureWiki(request);
  await page.goto(`/repos/${repoId}/wiki?page=architecture`);
  const heading = article(page).getByRole("heading", { level: 1, name: "Architecture" });
  await expect(heading).toBeVisible();

  const citation = article(page).locator('[data-citation="valid"]', { hasText: /:1-2$/ }).first();
  const text = ((await citation.textContent()) ?? "").trim();
  const [cited] = text.split(":");
  await citation.click();

  await expect(page).toHaveURL(
    new RegExp(`/repos/${repoId}/source\\?path=${cited}&ref=${wiki.commit}#L1-L2$`),
  );
  await expect(page.getByTestId("source-commit")).toHaveText(wiki.commit.slice(0, 12));
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText(
    cited.split("/").at(-1) ?? cited,
  );
});

test("one page is regenerated on its own while the others stay", async ({ page, request }) => {
  test.setTimeout(120_000);
  const { repoId, wiki } = await ensureWiki(request);
  const others = wiki.pages.filter((entry) => entry.id !== "architecture");
  await page.goto(`/repos/${repoId}/wiki?page=architecture`);
  await expect(article(page).getByTestId("wiki-page-status")).toHaveText("Written");

  await article(page).getByRole("button", { name: "Regenerate this page" }).click();
  await expect(article(page).getByTestId("wiki-page-status")).toHaveText("Being written…");
  await expect(
    tree(page).locator('[data-page-id="architecture"] [data-testid="page-state"]'),
  ).toHaveAttribute("data-state", "generating");
  await expect(article(page).getByTestId("wiki-page-status")).toHaveText("Written", {
    timeout: 90_000,
  });
  await expect(article(page)).toContainText("Relevant source files");

  // Only that page was written again: every other page is as it was.
  const after = (await (await request.get(`/api/wikis/${wiki.wiki_id}`)).json()) as StoredWiki;
  for (const before of others) {
    expect(after.pages.find((entry) => entry.id === before.id)?.content).toBe(before.content);
  }
  for (const state of await tree(page).getByTestId("page-state").all()) {
    await expect(state).toHaveAttribute("data-state", "done");
  }
});

test("the wiki exports as Markdown and as JSON", async ({ page, request }) => {
  const { repoId, wiki } = await ensureWiki(request);
  await page.goto(`/repos/${repoId}/wiki`);
  await expect(article(page)).toBeVisible();

  const exportMenu = page.locator("summary", { hasText: "Export" });
  await exportMenu.click();
  const formats = page.getByRole("list", { name: "Export formats" });
  await expect(formats.getByRole("link")).toHaveCount(3);
  const [markdown] = await Promise.all([
    page.waitForEvent("download"),
    formats.locator('[data-format="markdown"]').click(),
  ]);
  expect(markdown.suggestedFilename()).toMatch(/\.md$/);
  const text = await readFile((await markdown.path()) ?? "", "utf8");
  for (const entry of wiki.pages) expect(text).toContain(entry.title);

  // Escape closes the menu; it opens again from the keyboard.
  await page.keyboard.press("Escape");
  await expect(formats).toBeHidden();
  await exportMenu.focus();
  await page.keyboard.press("Enter");
  const [json] = await Promise.all([
    page.waitForEvent("download"),
    formats.locator('[data-format="json"]').click(),
  ]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  const exported = JSON.parse(await readFile((await json.path()) ?? "", "utf8"));
  expect(JSON.stringify(exported)).toContain(wiki.pages[0].title);
});

test("the projects page lists, searches and deletes wikis", async ({ page, request }) => {
  test.setTimeout(120_000);
  const { wiki } = await ensureWiki(request);
  // A second, concise wiki of the same repository: the one to delete.
  const started = await request.post("/api/wikis", {
    data: { repo_url: bookshopDir(), language: "ja", wiki_type: "concise" },
  });
  const { wiki_id: conciseId } = (await started.json()) as { wiki_id: string };
  await waitForWiki(request, conciseId);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Wikis" }).click();
  await expect(page).toHaveURL(/\/wikis$/);
  const rows = page.getByTestId("wiki-row");
  const comprehensive = rows.and(page.locator(`[data-wiki-id="${wiki.wiki_id}"]`));
  const concise = rows.and(page.locator(`[data-wiki-id="${conciseId}"]`));
  await expect(comprehensive).toContainText(wiki.commit.slice(0, 12));
  await expect(comprehensive).toContainText("Comprehensive");
  await expect(comprehensive).toContainText("fixture-chat");
  await expect(comprehensive).toContainText(`${wiki.pages.length} pages`);
  await expect(concise).toContainText("Concise");
  await expect(concise).toContainText("日本語");

  // Search narrows the list, and an unmatched search says so.
  await page.getByRole("searchbox", { name: "Search wikis" }).fill("bookshop");
  await expect(comprehensive).toBeVisible();
  await page.getByRole("searchbox", { name: "Search wikis" }).fill("no-such-wiki-anywhere");
  await expect(page.getByTestId("wikis-empty")).toContainText("No wiki matches");
  await page.getByRole("searchbox", { name: "Search wikis" }).fill("");

  // Delete asks first; keeping it changes nothing, confirming removes it on the server.
  await concise.getByRole("button", { name: /^Delete the wiki/ }).click();
  await concise.getByRole("button", { name: "Keep it" }).click();
  await expect(concise).toBeVisible();
  await concise.getByRole("button", { name: /^Delete the wiki/ }).click();
  await concise.getByRole("button", { name: "Delete wiki" }).click();
  await expect(concise).toHaveCount(0);
  expect((await request.get(`/api/wikis/${conciseId}`)).status()).toBe(404);

  // Each row opens its wiki.
  await comprehensive.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/wiki\\?wiki=${wiki.wiki_id}`));
  await expect(article(page)).toBeVisible();
});

test("the repository page links to its wiki", async ({ page, request }) => {
  const { repoId } = await ensureWiki(request);
  await page.goto(`/repos/${repoId}`);
  await page.getByRole("link", { name: "Wiki", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/repos/${repoId}/wiki$`));
  await expect(tree(page)).toBeVisible();
});
