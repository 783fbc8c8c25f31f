import { expect, test } from "@playwright/test";

// The e2e server allows receivers on private addresses (WEBHOOK_ALLOW_PRIVATE=true): port 9
// on loopback refuses connections, so a delivery there fails without reaching any network.
const receiver = "http://127.0.0.1:9/e2e-hook";

test("a webhook is added with its secret shown once, tested, and deleted", async ({ page }) => {
  await page.goto("/settings");
  await page.getByRole("link", { name: "webhook" }).click();
  await expect(page).toHaveURL(/\/webhooks$/);
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

  await page.getByRole("textbox", { name: "Receiver URL" }).fill(receiver);
  await page.getByRole("checkbox", { name: "Cancelled" }).uncheck();
  await page.getByRole("button", { name: "Add webhook" }).click();

  const note = page.getByRole("note", { name: "Webhook secret" });
  await expect(note).toContainText("not shown again");
  const secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  const card = page.getByRole("listitem", { name: receiver });
  await expect(card).toContainText("run.completed, run.failed");
  await expect(card).not.toContainText("run.cancelled");

  // Once: after a reload the page (and the API behind it) never has it again.
  await page.reload();
  await expect(card).toBeVisible();
  await expect(page.getByRole("note", { name: "Webhook secret" })).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await card.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByRole("status").first()).toHaveText(`Test delivery sent to ${receiver}`);
  // The refused connection is logged as a failed attempt, to be retried.
  const row = card.getByRole("row", { name: /ping/ });
  await expect(row).toContainText("no answer");
  await expect(row).toContainText("pending");
  await expect(row.getByRole("cell").nth(3)).toHaveText("1");

  await card.getByRole("button", { name: `Delete the webhook ${receiver}` }).click();
  await card.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByText("No webhooks yet.")).toBeVisible();
});
