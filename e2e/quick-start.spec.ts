import { expect, test } from "@playwright/test";
import { fixtureCopy } from "./fixtures";

// Home's one box: a repository in, Enter, and the wiki out, with the progress on the way.

test("a local folder and Enter in Home's box add it, index it and land on its wiki, written live", async ({
  page,
}) => {
  test.setTimeout(200_000);
  const dir = fixtureCopy("quickstart");
  await page.goto("/");
  const box = page.getByRole("form", { name: "Build a wiki" });
  await box.getByRole("combobox", { name: "Wiki type" }).selectOption("concise");
  const repository = box.getByRole("textbox", { name: "Repository" });
  await repository.fill(dir);
  await repository.press("Enter");

  await expect(page).toHaveURL(/\/repos\/[^/]+\/wiki\?wiki=[^&]+$/, { timeout: 30_000 });
  await expect(page.getByTestId("wiki-status")).toHaveText("Ready", { timeout: 180_000 });
  await expect(page.getByTestId("wiki-meta")).toContainText("Concise");
  expect(
    await page.getByRole("navigation", { name: "Wiki pages" }).getByRole("link").count(),
  ).toBeGreaterThan(1);

  // Home lists it among the recent repositories, linked to its wiki.
  await page.goto("/");
  const recent = page.getByRole("list", { name: "Recent repositories" });
  await recent.getByRole("link", { name: /quickstart/ }).click();
  await expect(page).toHaveURL(/\/repos\/[^/]+\/wiki$/);
  await expect(page.getByTestId("wiki-status")).toHaveText("Ready");
});

test("Home's box says why a source cannot be used", async ({ page }) => {
  await page.goto("/");
  const box = page.getByRole("form", { name: "Build a wiki" });
  await box.getByRole("textbox", { name: "Repository" }).fill("/etc/not-allowed-here");
  await box.getByRole("button", { name: "Build the wiki" }).click();
  await expect(box.getByRole("alert")).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});
