import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import {
  api,
  ProgressClient,
  runStatus,
  startTestRun,
  waitFor,
  waitForStatus,
} from "./support/clients";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// Short leases so a run held by a dead process is reclaimed quickly on Postgres too.
const env = { RUN_LEASE_MS: "1500" };
const servers: ServerProcess[] = [];

async function start(dataDir?: string) {
  const server = await startServerProcess({ dataDir, env });
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

const executedSteps = (dataDir: string, id: string) =>
  readFileSync(path.join(dataDir, `executed-${id}`), "utf8")
    .trim()
    .split("\n")
    .map(Number);

it("after kill -9 and a restart, no run stays in progress without a live lease", async () => {
  const first = await start();
  const resumable = await startTestRun(first.url, { steps: 12, delay_ms: 250 }, "test.steps");
  const once = await startTestRun(first.url, { steps: 12, delay_ms: 250 }, "test.once");
  await waitFor(
    async () => ((await runStatus(first.url, resumable.research_id)).steps?.done ?? 0) >= 3,
    { what: "three steps done" },
  );
  await first.crash();

  const second = await start(first.dataDir);
  const failed = await waitForStatus(second.url, once.research_id, ["failed"], 20_000);
  expect(failed.message).toMatch(/stopped/);
  expect(failed.error).toMatch(/stopped/);

  const completed = await waitForStatus(second.url, resumable.research_id, ["completed"], 30_000);
  expect(completed.steps).toEqual({ done: 12, total: 12 });
  // Steps finished before the crash were not executed again; at most the interrupted one was.
  const executed = executedSteps(first.dataDir, resumable.research_id);
  const repeated = executed.filter((step, index) => executed.indexOf(step) !== index);
  expect(repeated.length).toBeLessThanOrEqual(1);
  expect(new Set(executed).size).toBe(12);

  const logs = await api<{ events: { log_entry?: { message: string } }[] }>(
    second.url,
    `/api/research/${resumable.research_id}/logs?limit=1000`,
  );
  const messages = logs.body.events.map((event) => event.log_entry?.message);
  expect(messages).toContain("The worker executing this run stopped; it will resume");
  expect(messages.some((message) => message?.startsWith("Resumed (attempt 2)"))).toBe(true);
});

it("SIGTERM shuts down in order within 10 s and the run resumes on the next start", async () => {
  const first = await start();
  const run = await startTestRun(first.url, { steps: 10, delay_ms: 300 });
  const client = new ProgressClient(first.url);
  await client.connected();
  await client.subscribe({ research_id: run.research_id });
  await waitFor(() => client.eventsOf(run.research_id).some((event) => event.steps?.done === 2), {
    what: "two steps",
  });
  const disconnected = new Promise((resolve) => client.socket.once("disconnect", resolve));
  const began = Date.now();
  expect(await first.stop()).toBe(0);
  expect(Date.now() - began).toBeLessThan(10_000);
  await disconnected;
  client.close();

  const second = await start(first.dataDir);
  const done = await waitForStatus(second.url, run.research_id, ["completed"], 30_000);
  expect(done.progress).toBe(100);
});
