import path from "node:path";
import { expect, test } from "@playwright/test";
import { type ServerProcess, startServerProcess } from "../test/support/server-process";

// A Cartograph with no model: its own server beside the suite's (which has the model
// fixture), reading the same fixtures. Its wiki is built from the code alone.

let bare: ServerProcess;

test.beforeAll(async () => {
  const fixture = process.env.E2E_FIXTURE_REPO;
  if (!fixture) throw new Error("E2E_FIXTURE_REPO is not set: run through playwright.config.ts");
  bare = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: path.dirname(fixture),
      OPENAI_BASE_URL: "",
      OPENAI_API_KEY: "",
      CHAT_MODEL: "",
    },
  });
});

test.afterAll(async () => {
  await bare?.stop();
});

test("without a model the wiki is structural, says so, and is written from the code", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const added = await page.request.post(`${bare.url}/api/repos`, {
    data: { repo_url: process.env.E2E_FIXTURE_REPO },
  });
  expect(added.status(), await added.text()).toBeLessThan(300);
  const { repo_id: repoId } = (await added.json()) as { repo_id: string };

  await page.goto(`${bare.url}/repos/${repoId}/wiki`);
  const empty = page.getByTestId("wiki-empty");
  await expect(empty.getByRole("note")).toContainText("No model is configured");
  await expect(empty.getByTestId("model-advice")).toHaveText(
    "Add a model provider in Settings; it is used at once, no restart needed.",
  );
  await empty.getByRole("button", { name: "Generate wiki" }).click();

  await expect(page.getByTestId("wiki-status")).toHaveText("Ready", { timeout: 90_000 });
  await expect(page.getByTestId("wiki-structural")).toContainText("Structural wiki.");
  await expect(page.getByTestId("wiki-meta")).toContainText("Structural (no model)");
  const tree = page.getByRole("navigation", { name: "Wiki pages" });
  expect(await tree.getByRole("link").count()).toBeGreaterThan(2);
  // A module page lists its files (into the source viewer), symbols and dependencies.
  const article = page.getByTestId("wiki-page");
  await tree.getByRole("link", { name: /^src\/catalogue/ }).click();
  await expect(article.getByRole("heading", { level: 1, name: "src/catalogue" })).toBeVisible();
  await expect(article.getByRole("heading", { level: 2, name: "Files" })).toBeVisible();
  await expect(article.getByRole("heading", { level: 2, name: "Dependencies" })).toBeVisible();
  await expect(article.locator('a[href*="/source?path=src/catalogue/"]').first()).toBeVisible();
});

test("without a model the research form says so before a run is started, with the same advice", async ({
  page,
}) => {
  await page.goto(`${bare.url}/research`);
  const form = page.getByRole("form", { name: "New deep research" });
  await expect(form.getByTestId("no-model")).toContainText("No model is configured");
  await expect(form.getByTestId("model-advice")).toHaveText(
    "Add a model provider in Settings; it is used at once, no restart needed.",
  );
  await form.getByTestId("model-advice").getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(`${bare.url}/settings`);
});
