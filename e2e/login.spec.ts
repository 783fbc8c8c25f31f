import { expect, test } from "@playwright/test";
import { type ServerProcess, startServerProcess } from "../test/support/server-process";

// A Cartograph that asks for an access code: its own server, beside the suite's open one.

let guarded: ServerProcess;

test.beforeAll(async () => {
  guarded = await startServerProcess({ env: { AUTH_MODE: "access-code", ACCESS_CODE: "letmein" } });
});

test.afterAll(async () => {
  await guarded?.stop();
});

test("a page asks for the access code first, then opens where the reader was going", async ({
  page,
}) => {
  await page.goto(`${guarded.url}/research?status=completed`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  // Not signed in yet: nothing to sign out of.
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  const code = page.getByLabel("Access code");
  await code.fill("wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "access code" })).toHaveText(
    "That access code is not right.",
  );

  await code.fill("letmein");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${guarded.url}/research?status=completed`);
  await expect(page.getByRole("heading", { level: 1, name: "Research" })).toBeVisible();
  // The API answers the page now: the history loads instead of an error.
  await expect(page.getByText("Authentication required")).toHaveCount(0);

  // Signing out forgets the code: the next page asks for it again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(`${guarded.url}/repos`);
  await expect(page).toHaveURL(/\/login\?next=%2Frepos$/);
});
