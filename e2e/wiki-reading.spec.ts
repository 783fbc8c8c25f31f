import { type APIRequestContext, expect, test } from "@playwright/test";
import { ensureIndexed, fixtureCopy, storeCachedWiki } from "./fixtures";

// Reading a wiki: a page's sections listed beside it, links to a section that can be
// copied and opened elsewhere, and the pages before and after it.

const page = (id: string, title: string, content: string) => ({
  id,
  title,
  content,
  filePaths: ["src/cart.ts"],
  importance: "high",
  relatedPages: [],
});

const long = "The cart adds every line before any discount applies. ".repeat(40);
const PAGES = [
  page(
    "overview",
    "Overview",
    `# Overview\n\n${long}\n\n## Carts\n\n${long}\n\n## Discounts\n\n${long}\n\n### Rounding\n\n${long}\n`,
  ),
  page("cart", "Cart", "# Cart\n\n## Lines\n\nOne line per item.\n\n## Totals\n\nSummed.\n"),
  page("tax", "Tax", "# Tax\n\n## Rates\n\nBy country.\n\n## Rates\n\nBy product.\n"),
];

test("a wiki page lists its sections, links to them, and leads to the pages around it", async ({
  page: browser,
  request,
  context,
}) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { repoId, wikiId } = await storeReadingWiki(request);

  await browser.goto(`/repos/${repoId}/wiki?wiki=${wikiId}&page=overview`);
  const article = browser.getByTestId("wiki-page");
  const toc = browser.getByRole("navigation", { name: "On this page" });
  await expect(toc.getByRole("link")).toHaveText(["Overview", "Carts", "Discounts", "Rounding"]);
  await expect(toc.getByRole("link", { name: "Discounts" })).toHaveAttribute("href", "#discounts");
  await expect(article.locator("h2#discounts")).toHaveText("Discounts");

  // Copy link: the address of that section, on the clipboard and in the address bar.
  await article.locator("h2#discounts").hover();
  await article.getByRole("link", { name: "Copy link to this section" }).nth(2).click();
  await expect(browser).toHaveURL(/#discounts$/);
  const copied = await browser.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/\/wiki\?.*page=overview.*#discounts$/);

  // Opened in a fresh browser, the address lands on that section.
  const other = await context.browser()?.newContext();
  if (!other) throw new Error("no browser");
  const fresh = await other.newPage();
  await fresh.goto(new URL(copied, browser.url()).toString());
  await expect(fresh.locator("h3#rounding")).toBeVisible();
  await expect(fresh.locator("h2#discounts")).toBeInViewport();
  await other.close();

  // Previous and next, in the tree's order; a repeated heading gets its own anchor.
  const around = browser.getByRole("navigation", { name: "Previous and next pages" });
  await expect(around.getByRole("link", { name: /Previous/ })).toHaveCount(0);
  await around.getByRole("link", { name: /Next\s*Cart/ }).click();
  await expect(article.getByRole("heading", { level: 1, name: "Cart" })).toBeVisible();
  await around.getByRole("link", { name: /Next\s*Tax/ }).click();
  await expect(article.locator("h2#rates-1")).toHaveText("Rates");
  await expect(around.getByRole("link", { name: /Next/ })).toHaveCount(0);
  await around.getByRole("link", { name: /Previous\s*Cart/ }).click();
  await expect(article.getByRole("heading", { level: 1, name: "Cart" })).toBeVisible();

  // The same by keyboard: [ and ].
  await browser.locator("body").press("]");
  await expect(article.getByRole("heading", { level: 1, name: "Tax" })).toBeVisible();
  await browser.locator("body").press("[");
  await expect(article.getByRole("heading", { level: 1, name: "Cart" })).toBeVisible();
  await browser.locator("body").press("[");
  await expect(article.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
});

/** The three pages above, stored through DeepWiki's cache for a copy of the shop. */
async function storeReadingWiki(request: APIRequestContext) {
  const dir = fixtureCopy("reading");
  const repoId = await ensureIndexed(request, dir);
  const wikiId = await storeCachedWiki(request, dir, {
    title: "Reading shop",
    description: "Three pages",
    pages: PAGES,
  });
  return { repoId, wikiId };
}

test("on a narrow screen the sections are folded at the top of the page", async ({
  page: browser,
  request,
}) => {
  await browser.setViewportSize({ width: 390, height: 844 });
  const { repoId, wikiId } = await storeReadingWiki(request);
  await browser.goto(`/repos/${repoId}/wiki?wiki=${wikiId}&page=overview`);
  const article = browser.getByTestId("wiki-page");
  const folded = browser.getByTestId("on-this-page-narrow");
  await expect(folded).toBeVisible();
  // Above the text, not after it.
  const foldedTop = (await folded.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
  const headingTop = (await article.locator("h2#carts").boundingBox())?.y ?? 0;
  expect(foldedTop).toBeLessThan(headingTop);
  const toc = browser.getByRole("navigation", { name: "On this page" });
  await expect(toc).toBeHidden();
  await folded.getByText("On this page").click();
  await expect(toc.getByRole("link")).toHaveText(["Overview", "Carts", "Discounts", "Rounding"]);
  await toc.getByRole("link", { name: "Rounding" }).click();
  await expect(browser).toHaveURL(/#rounding$/);
  await expect(article.locator("h3#rounding")).toBeInViewport();
});
