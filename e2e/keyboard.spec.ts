import { expect, test } from "@playwright/test";
import { ensureIndexed } from "./fixtures";

// The keyboard shortcuts that work on every page; `[` `]` are in wiki-reading.spec.ts and
// Esc in ask-answers.spec.ts, beside the pages they act on.

test("? lists the shortcuts in a dialog that Esc closes", async ({ page }) => {
  await page.goto("/");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  // The page listens once it is hydrated: press again until it does.
  await expect(async () => {
    await page.locator("body").press("?");
    await expect(dialog).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(dialog.locator("kbd")).toHaveText(["/", "t", "[", "]", "Esc", "?"]);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("/ focuses the search and t opens go to file; keys typed into a field stay there", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const repoId = await ensureIndexed(request, process.env.E2E_FIXTURE_REPO ?? "");
  await page.goto(`/repos/${repoId}`);
  const search = page.getByRole("searchbox").first();
  await expect(search).toBeVisible();
  await page.locator("body").press("/");
  await expect(search).toBeFocused();
  await page.keyboard.type("tax?");
  await expect(search).toHaveValue("tax?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();

  await page.goto(`/repos/${repoId}/source`);
  await expect(page.getByRole("button", { name: /^Go to file/ })).toBeEnabled();
  await page.locator("body").press("t");
  const finder = page.getByRole("dialog", { name: "Go to file" });
  const field = finder.getByRole("combobox", { name: "File name" });
  await expect(field).toBeFocused();
  await page.keyboard.type("cart");
  await expect(field).toHaveValue("cart");
});
