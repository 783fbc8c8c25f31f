import { expect, test } from "@playwright/test";

// The e2e server's openai provider is the model fixture (OPENAI_BASE_URL, no key); its
// model list holds a chat model and an embedding model.

test("Test connection lists a provider's chat models from the fixture, not its embedding models", async ({
  page,
}) => {
  await page.goto("/settings");
  const openai = page.getByRole("listitem", { name: "Provider openai" });
  await expect(openai).toContainText("from the environment");
  await openai.getByRole("button", { name: "Test connection" }).click();
  const found = openai.getByRole("list", { name: "Models found" });
  await expect(found).toContainText("fixture-chat");
  await expect(found).not.toContainText("fixture-embed");
});

test("a provider is added after testing what the form holds, shown without its key, and removed", async ({
  page,
}) => {
  const key = "sk-e2e-lan-key-never-shown";
  await page.goto("/settings");
  await page.getByRole("button", { name: "Add a provider" }).click();
  const form = page.getByRole("form", { name: "Add a provider" });
  await form.getByRole("textbox", { name: /^Id/ }).fill("lan");
  await form.getByRole("textbox", { name: /^Base URL/ }).fill(process.env.E2E_MODEL_URL ?? "");
  await form.getByLabel(/^API key/).fill(key);
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.getByRole("list", { name: "Models found" })).toContainText("fixture-chat");
  await form.getByRole("button", { name: "Save" }).click();

  const lan = page.getByRole("listitem", { name: "Provider lan" });
  await expect(lan).toContainText("set (hidden)");
  await expect(page.getByRole("status").first()).toHaveText("Saved lan.");
  expect(await page.content()).not.toContain(key);

  await lan.getByRole("button", { name: "Remove the provider lan" }).click();
  await lan.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(lan).toHaveCount(0);
  await expect(page.getByRole("listitem", { name: "Provider openai" })).toBeVisible();
});
