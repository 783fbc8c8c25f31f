import { expect, test } from "@playwright/test";

test("the health endpoint reports the database up", async ({ request }) => {
  const response = await request.get("/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({
    service: "cartograph",
    database: { status: "up" },
  });
});
