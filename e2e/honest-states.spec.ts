import path from "node:path";
import {
  type APIRequestContext,
  expect,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import { type ServerProcess, startServerProcess } from "../test/support/server-process";
import { ensureIndexed, fixtureCopy } from "./fixtures";

// What a live page says about itself: how long is left, and that it has lost the server.

async function startSteps(
  request: APIRequestContext,
  input: { steps: number; delay_ms: number; label: string },
  base = "",
): Promise<string> {
  const response = await request.post(`${base}/api/runs`, { data: { kind: "test.steps", input } });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { research_id: string }).research_id;
}

test("a run shows an estimate of the time left once a few steps are done", async ({
  page,
  request,
}) => {
  const runId = await startSteps(request, { steps: 30, delay_ms: 400, label: "e2e estimate" });
  await page.goto(`/research/${runId}`);
  const left = page.getByTestId("run-time-left");
  await expect(left).toHaveText(/^(About \d+s left|About \d+ min left|Almost done)$/, {
    timeout: 20_000,
  });
  await expect(left).toBeHidden({ timeout: 30_000 });
});

let own: ServerProcess | undefined;

test.afterEach(async () => {
  await own?.stop();
  own = undefined;
});

test("a live page says it is reconnecting while the server is down, and stops saying so when it is back", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  own = await startServerProcess();
  const base = own.url;
  const runId = await startSteps(
    request,
    { steps: 400, delay_ms: 250, label: "e2e offline" },
    base,
  );
  await page.goto(`${base}/research/${runId}`);
  await expect(page.getByTestId("run-phase").or(page.getByTestId("run-steps")).first()).toBeVisible(
    { timeout: 20_000 },
  );
  await expect(page.getByTestId("reconnecting")).toHaveCount(0);
  // Home's recent runs follow the same run live (its badge and progress).
  const home = await page.context().newPage();
  await home.goto(`${base}/`);
  await expect(home.getByRole("list", { name: "Recent runs" })).toBeVisible();
  await expect(home.getByTestId("reconnecting")).toHaveCount(0);

  const { dataDir } = own;
  const port = new URL(base).port;
  await own.stop();
  await expect(page.getByTestId("reconnecting")).toContainText("Reconnecting to the server", {
    timeout: 30_000,
  });
  await expect(home.getByTestId("reconnecting")).toContainText("Reconnecting to the server", {
    timeout: 30_000,
  });

  // The same server again, on the same address and data: the page catches up by itself.
  own = await startServerProcess({ dataDir, env: { PORT: port } });
  await expect(page.getByTestId("reconnecting")).toHaveCount(0, { timeout: 30_000 });
  await expect(home.getByTestId("reconnecting")).toHaveCount(0, { timeout: 30_000 });
});

test("Ask's research answer says it is reconnecting while the server is down", async ({ page }) => {
  test.setTimeout(180_000);
  const dir = fixtureCopy("reconnecting-shop");
  own = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: path.dirname(dir),
      OPENAI_BASE_URL: process.env.E2E_MODEL_URL ?? "",
      CHAT_MODEL: "fixture-chat",
    },
  });
  const base = own.url;
  const api = await playwrightRequest.newContext({ baseURL: base });
  const repoId = await ensureIndexed(api, dir);
  await api.dispose();

  await page.goto(`${base}/repos/${repoId}/ask`);
  await page.getByRole("switch", { name: "Deep research" }).check();
  // "take your time": the fixture writes long sections, so the run is still going below.
  await page
    .getByRole("textbox", { name: "Question" })
    .fill("How is a cart priced? take your time");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  const answer = page.getByTestId("answer").last();
  await expect(answer.getByTestId("research-link")).toBeVisible();
  await expect(answer).toHaveAttribute("data-status", "streaming");
  await expect(answer.getByTestId("reconnecting")).toHaveCount(0);

  const { dataDir } = own;
  const port = new URL(base).port;
  await own.stop();
  await expect(answer.getByTestId("reconnecting")).toContainText("Reconnecting to the server", {
    timeout: 30_000,
  });

  own = await startServerProcess({
    dataDir,
    env: {
      PORT: port,
      CARTOGRAPH_LOCAL_ROOTS: path.dirname(dir),
      OPENAI_BASE_URL: process.env.E2E_MODEL_URL ?? "",
      CHAT_MODEL: "fixture-chat",
    },
  });
  await expect(answer.getByTestId("reconnecting")).toHaveCount(0, { timeout: 30_000 });
});
