import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { ensureIndexed, fixtureCopy } from "./fixtures";

// The source viewer: the README before a file is chosen, the file header (copy path,
// permalink, raw, outline), go to file (`t`) and search (`/`).

const README = `# Viewer shop

A shop to read. Start with [the cart's subtotal](src/cart.ts#L10-L12) or the
[tax rules](./lib/tax.py); the [project site](https://example.com/) is elsewhere.

![The logo](docs/logo.png)

<b>not bold</b><script>window.readmeRan = true</script>

## Layout

- \`src/\`: carts and prices
`;

/** A function far down a long file, for the outline to scroll to. */
const LONG_LINE = 260;
const long = [
  ...Array.from({ length: LONG_LINE - 1 }, (_, index) => `export const filler${index} = ${index};`),
  "export function farDownTheFile(): string {",
  '  return "found";',
  "}",
  "",
].join("\n");

/** A copy of the shop with a README that links into the code, and a long file. */
function viewerRepo(): { dir: string; commit: string } {
  const dir = fixtureCopy("viewer-shop");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });
  if (!existsSync(path.join(dir, "src/long.ts"))) {
    writeFileSync(path.join(dir, "README.md"), README);
    mkdirSync(path.join(dir, "src"), { recursive: true });
    writeFileSync(path.join(dir, "src/long.ts"), long);
    git("add", "-A");
    git("-c", "user.email=e2e@example.com", "-c", "user.name=e2e", "commit", "-qm", "Viewer");
  }
  return { dir, commit: git("rev-parse", "HEAD").trim() };
}

/** The page listens for shortcuts once hydrated: press until the dialog shows. */
async function pressUntil(page: Page, key: string, dialogName: string) {
  const dialog = page.getByRole("dialog", { name: dialogName });
  await expect(async () => {
    await page.locator("body").press(key);
    await expect(dialog).toBeVisible({ timeout: 1_000 });
  }).toPass();
  return dialog;
}

test("with no file chosen it shows the README, rendered or raw, its links opening here", async ({
  page,
  request,
}) => {
  const { dir, commit } = viewerRepo();
  const repoId = await ensureIndexed(request, dir);
  await page.goto(`/repos/${repoId}/source`);

  const readme = page.getByTestId("readme");
  const rendered = readme.getByTestId("readme-rendered");
  await expect(rendered.getByRole("heading", { name: "Viewer shop" })).toBeVisible();
  await expect(rendered.getByRole("heading", { name: "Layout" })).toBeVisible();
  // Raw HTML is shown as text, never run or rendered.
  await expect(rendered).toContainText("<b>not bold</b>");
  await expect(rendered.locator("b, script")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { readmeRan?: boolean }).readmeRan)).toBeUndefined();
  // Relative links open the file here, at the README's commit; others stay links out.
  const ref = commit.slice(0, 12);
  await expect(rendered.getByRole("link", { name: "the cart's subtotal" })).toHaveAttribute(
    "href",
    `/repos/${repoId}/source?path=src/cart.ts&ref=${ref}#L10-L12`,
  );
  await expect(rendered.getByRole("link", { name: "tax rules" })).toHaveAttribute(
    "href",
    `/repos/${repoId}/source?path=lib/tax.py&ref=${ref}`,
  );
  await expect(rendered.getByRole("link", { name: "project site" })).toHaveAttribute(
    "href",
    "https://example.com/",
  );
  // An image is a link to it, not a request the README makes.
  await expect(rendered.locator("img")).toHaveCount(0);
  await expect(rendered.getByRole("link", { name: "The logo" })).toHaveAttribute(
    "href",
    `/repos/${repoId}/source?path=docs/logo.png&ref=${ref}`,
  );

  await readme.getByRole("button", { name: "Raw", exact: true }).click();
  await expect(readme.getByRole("button", { name: "Raw", exact: true })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const raw = readme.getByTestId("readme-raw");
  await expect(raw.locator('[data-line="1"] [data-code]')).toHaveText("# Viewer shop");
  await expect(raw).toContainText("<script>window.readmeRan = true</script>");
  await expect(rendered).toHaveCount(0);
  await readme.getByRole("button", { name: "Preview" }).click();
  await expect(rendered.getByRole("heading", { name: "Viewer shop" })).toBeVisible();

  await rendered.getByRole("link", { name: "the cart's subtotal" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "src/cart.ts" })).toBeVisible();
  await expect(page.getByTestId("selected-lines")).toHaveText("Selected lines 10–12");
});

test("a permalink opens on its highlighted lines; the header copies it, the path and opens the raw file", async ({
  page,
  request,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { dir, commit } = viewerRepo();
  const repoId = await ensureIndexed(request, dir);
  const ref = commit.slice(0, 12);
  await page.goto(`/repos/${repoId}/source?path=src/long.ts&ref=${ref}#L200-L204`);

  const selected = page.locator("[data-selected]");
  await expect(selected).toHaveCount(5);
  await expect(selected.first()).toHaveAttribute("data-line", "200");
  await expect(selected.first()).toBeInViewport();
  await expect(page.getByTestId("selected-lines")).toHaveText("Selected lines 200–204");

  // The header stays on screen while the file scrolls under it.
  const header = page.getByTestId("file-header");
  await expect(header).toBeInViewport();
  await header.getByRole("button", { name: "Copy path" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("src/long.ts");

  // Choosing other lines changes the permalink: commit-pinned, with the range.
  await page.getByRole("link", { name: "Line 201", exact: true }).click();
  await page.getByRole("link", { name: "Line 203", exact: true }).click({ modifiers: ["Shift"] });
  await expect(page).toHaveURL(/#L201-L203$/);
  await header.getByRole("button", { name: "Copy permalink" }).click();
  const permalink = await page.evaluate(() => navigator.clipboard.readText());
  expect(permalink).toBe(
    new URL(`/repos/${repoId}/source?path=src/long.ts&ref=${ref}#L201-L203`, page.url()).href,
  );

  // Opened in another browser, it lands on those lines.
  const other = await context.browser()?.newContext();
  if (!other) throw new Error("no browser");
  const fresh = await other.newPage();
  await fresh.goto(permalink);
  await expect(fresh.locator("[data-selected]")).toHaveCount(3);
  await expect(fresh.locator('[data-line="201"]')).toBeInViewport();
  await other.close();

  // Raw: the server's plain text of the file at that commit.
  const rawHref = await header.getByRole("link", { name: "Raw" }).getAttribute("href");
  expect(rawHref).toContain(`/api/repos/${encodeURIComponent(repoId)}/raw?path=src%2Flong.ts`);
  const raw = await request.get(rawHref ?? "");
  expect(raw.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  expect(raw.headers()["x-content-type-options"]).toBe("nosniff");
  expect(await raw.text()).toBe(long);
});

test("the outline lists the file's symbols; choosing one scrolls to it", async ({
  page,
  request,
}) => {
  const { dir } = viewerRepo();
  const repoId = await ensureIndexed(request, dir);
  await page.goto(`/repos/${repoId}/source?path=src/long.ts`);
  const row = page.locator(`[data-line="${LONG_LINE}"]`);
  await expect(page.locator('[data-line="1"]')).toBeVisible();
  await expect(row).not.toBeInViewport();

  await page.getByRole("button", { name: /^Outline/ }).click();
  const symbols = page.getByRole("navigation", { name: "Symbols in this file" });
  await symbols.getByRole("button", { name: /^farDownTheFile/ }).click();
  await expect(symbols).toBeHidden();
  await expect(row).toBeInViewport();
  await expect(row).toHaveAttribute("data-selected", "true");
  await expect(page).toHaveURL(new RegExp(`#L${LONG_LINE}$`));
});

test("t finds a file by a few of its letters; / searches the code from the viewer", async ({
  page,
  request,
}) => {
  const { dir } = viewerRepo();
  const repoId = await ensureIndexed(request, dir);
  await page.goto(`/repos/${repoId}/source?path=src/cart.ts`);
  await expect(page.getByRole("heading", { level: 1, name: "src/cart.ts" })).toBeVisible();

  const finder = await pressUntil(page, "t", "Go to file");
  const field = finder.getByRole("combobox", { name: "File name" });
  await expect(field).toBeFocused();
  await page.keyboard.type("invpy");
  const options = finder.getByRole("option");
  await expect(options.first()).toHaveText("lib/inventory.py");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await field.fill("item01");
  await expect(options.first()).toHaveText(/^src\/catalogue\/item-01\d\.ts$/);
  await page.keyboard.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  const chosen = (await options.nth(1).textContent()) ?? "";
  await page.keyboard.press("Enter");
  await expect(finder).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: chosen })).toBeVisible();
  expect(new URL(page.url()).searchParams.get("path")).toBe(chosen);

  const search = await pressUntil(page, "/", "Search the code");
  const query = search.getByLabel("Search query");
  await expect(query).toBeFocused();
  await page.keyboard.type("applyDiscount");
  await page.keyboard.press("Enter");
  const result = search.getByTestId("search-result").first();
  await expect(result.getByTestId("result-symbol")).toHaveText("applyDiscount");
  await result.getByRole("link").first().click();
  await expect(search).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: "src/cart.ts" })).toBeVisible();
  await expect(page.locator("[data-selected]").first()).toBeInViewport();

  // The list of shortcuts names both.
  const help = await pressUntil(page, "?", "Keyboard shortcuts");
  await expect(help).toContainText("Go to a file");
  await expect(help).toContainText("Search the code");
});
