import { expect, test } from "@playwright/test";
import { ensureIndexed } from "./fixtures";

// Small things a new user hit: unknown addresses, the narrow screen, the app's icons,
// an open server's header, a search that finds nothing.

test("an unknown address and unknown ids show a styled page, never raw JSON", async ({ page }) => {
  const cases: [string, string][] = [
    ["/no-such-page", "Page not found"],
    ["/repos/no-such-repo", "No such repository"],
    ["/repos/no-such-repo/wiki", "No such repository"],
    ["/repos/no-such-repo/source", "No such repository"],
    ["/repos/no-such-repo/ask", "No such repository"],
    ["/research/no-such-run", "No such run"],
  ];
  for (const [address, title] of cases) {
    await page.goto(address);
    const notFound = page.getByTestId("not-found");
    await expect(notFound.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(notFound).toContainText("404");
    await expect(page.locator("body")).not.toContainText('{"');
  }
  await page.getByTestId("not-found").getByRole("link", { name: "All runs" }).click();
  await expect(page).toHaveURL(/\/research$/);
});

test("an unknown wiki or conversation of a real repository is a styled 404 too", async ({
  page,
  request,
}) => {
  const repoId = await ensureIndexed(request, process.env.E2E_FIXTURE_REPO ?? "");
  const cases: [string, string, string][] = [
    [`/repos/${repoId}/wiki?wiki=no-such-wiki`, "No such wiki", "This repository's wiki"],
    [`/repos/${repoId}/ask/no-such-chat`, "No such conversation", "Ask about this repository"],
  ];
  for (const [address, title, back] of cases) {
    await page.goto(address);
    const notFound = page.getByTestId("not-found");
    await expect(notFound.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(notFound).toContainText("404");
    await expect(page.locator("body")).not.toContainText('{"');
    // The address stays the one that was asked for.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(address);
    await expect(notFound.getByRole("link", { name: back })).toBeVisible();
  }
});

test("on a phone the sections are behind a Menu button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = nav.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Research" })).toBeHidden();
  // Nothing is wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: "Research" }).click();
  await expect(page).toHaveURL(/\/research$/);
  await expect(page.getByRole("heading", { level: 1, name: "Research" })).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Research" })).toBeHidden();
});

test("the app has a favicon, a touch icon and a web manifest, linked from every page", async ({
  page,
  request,
}) => {
  await page.goto("/repos");
  const head = page.locator("head");
  await expect(head.locator('link[rel="icon"]')).toHaveAttribute("href", /\/favicon\.svg/);
  await expect(head.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
    "href",
    /\/apple-touch-icon\.png/,
  );
  await expect(head.locator('link[rel="manifest"]')).toHaveAttribute(
    "href",
    "/manifest.webmanifest",
  );
  const icon = await request.get("/favicon.svg");
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  expect((await request.get("/apple-touch-icon.png")).headers()["content-type"]).toBe("image/png");
  const manifest = await (await request.get("/manifest.webmanifest")).json();
  expect(manifest.name).toBe("Cartograph");
  expect(manifest.icons.length).toBeGreaterThan(1);
  // This server asks for no sign-in: the header offers no Sign out.
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});

test("a search that finds nothing says so in a sentence and suggests what to try", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const repoId = await ensureIndexed(request, process.env.E2E_FIXTURE_REPO ?? "");
  await page.goto(`/repos/${repoId}?q=${encodeURIComponent("zebrafishquux")}`);
  await expect(page.getByTestId("search-summary")).toHaveText(
    /^No code matches “zebrafishquux” at commit [0-9a-f]{7,}\. Try fewer words, a symbol name or part of a path\.$/,
  );
});
