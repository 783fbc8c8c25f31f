import { expect, test } from "@playwright/test";
import { type ServerProcess, startServerProcess } from "../test/support/server-process";

// A Cartograph with accounts: its own server, beside the suite's open one.

let server: ServerProcess;

test.beforeAll(async () => {
  server = await startServerProcess({ env: { AUTH_MODE: "accounts" } });
});

test.afterAll(async () => {
  await server?.stop();
});

test("sign up, sign out, sign in; create an API token shown once, use it, revoke it", async ({
  page,
  request,
}) => {
  await page.goto(`${server.url}/repos`);
  await expect(page).toHaveURL(/\/login\?next=%2Frepos$/);
  await page.getByRole("link", { name: "Create one" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await page.getByLabel("Username").fill("ada");
  await page.getByLabel("Password").fill("ada-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("link", { name: "Account" })).toBeVisible();
  // The first account is the admin: the Users page is offered.
  await expect(page.getByRole("link", { name: "Users" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Username").fill("ada");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "username or password" })).toHaveText(
    "Wrong username or password",
  );
  await page.getByLabel("Password").fill("ada-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("link", { name: "Account" })).toBeVisible();

  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await expect(page.getByText("Signed in as")).toContainText("ada");
  await expect(page.getByText("this session")).toBeVisible();

  await page.getByLabel("Token name").fill("my script");
  await page.getByLabel("Scope").selectOption("write");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toHaveText(/^cgt_[A-Za-z0-9_-]{43}$/);
  const token = (await shown.textContent()) ?? "";
  await expect(page.getByText("it will not be shown again")).toBeVisible();
  const tokens = page.getByRole("list", { name: "API tokens" });
  await expect(tokens.getByText("my script")).toBeVisible();

  const me = await request.get(`${server.url}/api/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(me.status()).toBe(200);

  // Shown once: after a reload only the name is listed.
  await page.reload();
  await expect(page.getByRole("list", { name: "API tokens" }).getByText("my script")).toBeVisible();
  await expect(page.getByText(token)).toHaveCount(0);

  await page.getByRole("button", { name: "Revoke my script" }).click();
  await expect(page.getByRole("list", { name: "API tokens" }).getByText("revoked")).toBeVisible();
  const after = await request.get(`${server.url}/api/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(after.status()).toBe(401);
});

test("an admin's invite link signs a member up; the member sees Settings read-only", async ({
  page,
  browser,
}) => {
  // The first test made the admin; sign in as them.
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Username").fill("ada");
  await page.getByLabel("Password").fill("ada-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await page.getByRole("button", { name: "Make an invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent()) ?? "";
  expect(link).toContain("/signup?invite=");

  const guest = await browser.newContext();
  try {
    const member = await guest.newPage();
    await member.goto(link);
    await expect(member.getByText("Create your account with this invite")).toBeVisible();
    await member.getByLabel("Username").fill("bob");
    await member.getByLabel("Password").fill("bob-password-1");
    await member.getByRole("button", { name: "Create account" }).click();
    await expect(member.getByRole("link", { name: "Account" })).toBeVisible();
    await expect(member.getByRole("link", { name: "Users" })).toHaveCount(0);
    await member.goto(`${server.url}/settings`);
    await expect(member.getByText("only an admin changes them")).toBeVisible();
    await expect(member.getByRole("button", { name: "Add a provider" })).toHaveCount(0);
  } finally {
    await guest.close();
  }

  // The admin sees the new member, and the invite as used.
  await page.reload();
  await expect(page.getByRole("list", { name: "Users" }).getByText("bob")).toBeVisible();
  await expect(page.getByRole("list", { name: "Invites" }).getByText(/used/)).toBeVisible();
});
