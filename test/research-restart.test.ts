import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { ResearchReport } from "../lib/protocol/research";
import type { RunEvent } from "../lib/protocol/runs";
import { api, runStatus, waitFor, waitForStatus } from "./support/clients";
import { ModelFixture } from "./support/model-fixture";
import {
  createShopRepo,
  isIterationCall,
  isPlanCall,
  researcher,
  startResearch,
} from "./support/research-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

let model: ModelFixture;
let env: Record<string, string>;
let repo: ReturnType<typeof createShopRepo>;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  // Slow model answers keep the run in its iterations long enough to be killed there.
  model = await new ModelFixture({ respond: researcher, generateDelayMs: 1_500 }).start();
  repo = createShopRepo();
  env = {
    CARTOGRAPH_LOCAL_ROOTS: repo.allowedRoot,
    OPENAI_BASE_URL: model.url,
    CHAT_MODEL: "fixture-chat",
    // Short leases so a run held by a dead process is reclaimed quickly on Postgres too.
    RUN_LEASE_MS: "1500",
  };
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});
afterAll(async () => {
  await model?.stop();
});

async function start(dataDir?: string) {
  const server = await startServerProcess({ dataDir, env });
  servers.push(server);
  return server;
}

it("a research killed mid-iteration resumes after a restart without planning again", async () => {
  const first = await start();
  const started = await startResearch(first.url, {
    query: "How does checkout charge a customer?",
    repo_url: repo.repoDir,
  });
  const id = started.body.research_id;
  // Iteration 1 is stored; iteration 2's model call is in flight.
  await waitFor(() => model.calls.filter(isIterationCall).length >= 2, {
    what: "the second iteration's model call",
    timeoutMs: 30_000,
  });
  const before = await runStatus(first.url, id);
  // Mid-iteration: its searches are stored or its evidence is being read.
  expect(before.status).toBe("in_progress");
  expect(["searching", "reading"]).toContain(before.phase);
  await first.crash();

  const second = await start(first.dataDir);
  const ended = await waitForStatus(second.url, id, ["completed", "failed"], 60_000);
  expect(ended.status).toBe("completed");
  expect(ended.progress).toBe(100);
  // The stored plan and first iteration were not asked for again.
  expect(model.calls.filter(isPlanCall)).toHaveLength(1);
  expect(model.calls.filter(isIterationCall)).toHaveLength(3);

  const { status, body } = await api<ResearchReport>(second.url, `/api/report/${id}`);
  expect(status).toBe(200);
  expect(body.metadata.iterations).toBe(2);
  const logs = await api<{ events: RunEvent[] }>(second.url, `/api/research/${id}/logs?limit=1000`);
  const progress = logs.body.events.map((event) => event.progress);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  const messages = logs.body.events.map((event) => event.log_entry?.message);
  expect(messages.some((message) => message?.startsWith("Resumed (attempt 2)"))).toBe(true);
});
