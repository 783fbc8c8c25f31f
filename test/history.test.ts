import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryItem } from "../lib/protocol/runs";
import { api, startTestRun, waitForStatus } from "./support/clients";
import { type ServerProcess, startServerProcess } from "./support/server-process";

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => {
  await server?.stop();
});

type Page = { items: HistoryItem[]; total: number };
const history = async (query: string) =>
  (await api<Page>(server.url, `/api/history?${query}`)).body;

describe("GET /api/history filters", () => {
  it("filters by status and kind and searches the query, case-insensitively", async () => {
    const done = await startTestRun(server.url, { steps: 1, delay_ms: 0, label: "Cart discount" });
    const failed = await startTestRun(server.url, {
      steps: 2,
      delay_ms: 0,
      fail_at: 1,
      label: "Tax 100% rates_x",
    });
    const running = await startTestRun(server.url, { steps: 200, delay_ms: 200, label: "Stock" });
    await waitForStatus(server.url, done.research_id, ["completed"]);
    await waitForStatus(server.url, failed.research_id, ["failed"]);
    await waitForStatus(server.url, running.research_id, ["in_progress"]);

    const ids = (page: Page) => page.items.map((item) => item.id);
    expect(ids(await history("status=failed"))).toEqual([failed.research_id]);
    expect(ids(await history("status=completed,in_progress"))).toEqual([
      running.research_id,
      done.research_id,
    ]);
    expect(ids(await history("q=cart%20DISCOUNT"))).toEqual([done.research_id]);
    // `%` and `_` are searched for as themselves, not as patterns.
    expect(ids(await history("q=100%25"))).toEqual([failed.research_id]);
    expect(ids(await history("q=s_x"))).toEqual([failed.research_id]);
    expect((await history("q=_")).total).toBe(1);
    expect((await history("kind=research")).total).toBe(0);
    const page = await history("kind=test.steps&status=in_progress&q=stock");
    expect(page).toMatchObject({
      total: 1,
      items: [{ id: running.research_id, kind: "test.steps" }],
    });

    await api(server.url, `/api/terminate/${running.research_id}`, { method: "POST" });
    await waitForStatus(server.url, running.research_id, ["cancelled"]);
    expect(ids(await history("status=cancelled"))).toEqual([running.research_id]);

    expect((await api(server.url, "/api/history?status=done")).status).toBe(400);
  });
});
