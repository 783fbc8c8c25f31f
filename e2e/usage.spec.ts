import { expect, test } from "@playwright/test";
import { fixtureCopy } from "./fixtures";

interface UsageItem {
  key: string;
  input_tokens: number;
  output_tokens: number;
  cost: number | null;
}

const count = new Intl.NumberFormat("en-US");

test("the usage page shows the totals of the model calls, costed at the price set in Settings", async ({
  page,
  request,
}) => {
  // A price for the fixture's model, set in the Settings table.
  await page.goto("/settings");
  const prices = page.getByTestId("price-table");
  const defaultPrice = prices.getByRole("textbox", { name: "Input price of gpt-4o-mini" });
  await expect(defaultPrice).toHaveValue("0.15");
  const defaultRow = prices
    .getByRole("row")
    .filter({ has: page.getByRole("textbox", { name: "Input price of gpt-4o-mini" }) });
  await expect(defaultRow).toContainText("default");
  await page.getByRole("button", { name: "Add a model" }).click();
  await prices.getByRole("textbox", { name: "Model" }).first().fill("fixture-chat");
  await prices.getByRole("textbox", { name: "Input price of fixture-chat" }).fill("2");
  await prices.getByRole("textbox", { name: "Output price of fixture-chat" }).fill("8");
  await page.getByRole("button", { name: "Save prices" }).click();
  await expect(page.getByText("Prices saved")).toBeVisible();

  // One answer, so there is usage to show.
  const answer = await request.post("/api/chat/stream", {
    data: {
      repo_url: fixtureCopy("usage-shop"),
      messages: [{ role: "user", content: "How is the invoice total calculated?" }],
      stream: "events",
    },
    timeout: 120_000,
  });
  expect(answer.status()).toBe(200);
  const done = (await answer.text())
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)) as { type: string; usage?: { cost: number | null } })
    .find((event) => event.type === "done");
  expect(done?.usage?.cost).toBeGreaterThan(0);

  const byModel = (await (await request.get("/api/usage?group_by=model")).json()) as {
    items: UsageItem[];
  };
  const fixture = byModel.items.find((item) => item.key === "openai/fixture-chat");
  expect(fixture?.input_tokens).toBeGreaterThan(0);

  await page.goto("/usage");
  await expect(page.getByRole("heading", { name: "Usage", level: 1 })).toBeVisible();
  const table = page.getByTestId("usage-by-model");
  const row = table.getByRole("row", { name: /openai\/fixture-chat/ });
  await expect(row).toContainText(count.format(fixture?.input_tokens ?? 0));
  await expect(row).toContainText(count.format(fixture?.output_tokens ?? 0));
  await expect(row).toContainText("$");
  const total = byModel.items.reduce((sum, item) => sum + item.input_tokens, 0);
  await expect(page.getByTestId("usage-by-model-total")).toContainText(count.format(total));
  await expect(page.getByTestId("usage-by-day")).toContainText(
    new Date().toISOString().slice(0, 10),
  );
  // The local user administers the server: everyone's usage is shown per user.
  await expect(page.getByTestId("usage-by-user")).toContainText("local");
});
