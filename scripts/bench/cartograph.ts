import { once } from "node:events";
import { rmSync } from "node:fs";
// Cartograph as a user reaches it: a real server process, its REST API, its runs.
import type { RunEvent, RunSnapshot } from "../../lib/protocol/runs";
import { api, waitFor } from "../../test/support/clients";
import { type ServerProcess, startServerProcess } from "../../test/support/server-process";
// @ts-expect-error: plain .mjs shared with `npm start`
import { mallocEnv } from "../server-env.mjs";
import { INSPECTABLE } from "./process-memory";
import { sleep } from "./stats";

export type { ServerProcess };

/**
 * The server the integration tests run (production build, test run kinds), inspectable, with
 * the environment `npm start` gives it (scripts/server-env.mjs; the caller's wins).
 */
export function startBenchServer(options: { env: Record<string, string>; dataDir?: string }) {
  return startServerProcess({
    dataDir: options.dataDir,
    env: { ...mallocEnv(), NODE_OPTIONS: INSPECTABLE, ...options.env },
  });
}

/** Stops the server (if started) and deletes its data directory. */
export async function stopAndRemove(server: ServerProcess | undefined): Promise<void> {
  if (!server) return;
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
}

/**
 * The error, with the server's exit and the tail of its output when it is no longer running
 * (a request fails a moment before the exit is seen, hence the short wait for it).
 */
export async function explainFailure(
  error: unknown,
  server: ServerProcess | undefined,
): Promise<Error> {
  const message = error instanceof Error ? error.message : String(error);
  if (!server) return new Error(message);
  const running = () => server.process.exitCode === null && server.process.signalCode === null;
  if (running()) await Promise.race([once(server.process, "exit"), sleep(1_000)]);
  if (running()) return new Error(message);
  const { exitCode, signalCode } = server.process;
  const tail = server
    .output()
    .slice(-300)
    .replace(/\s*\n\s*/g, " / ");
  return new Error(
    `${message} (the server exited: ${signalCode ?? `code ${exitCode}`}; output ends: ${tail})`,
  );
}

/** Waits for a run to end; throws unless it completed. Polls its status as the UI fallback does. */
export async function waitForRun(
  server: ServerProcess,
  runId: string,
  timeoutMs: number,
): Promise<RunSnapshot> {
  const snapshot = await waitFor(
    async () => {
      const { body } = await api<RunSnapshot>(server.url, `/api/research/${runId}/status`);
      return ["completed", "failed", "cancelled"].includes(body.status) ? body : undefined;
    },
    { timeoutMs, intervalMs: 50, what: `run ${runId} to end` },
  );
  if (snapshot.status !== "completed")
    throw new Error(`run ${runId} ended ${snapshot.status}: ${snapshot.message}`);
  return snapshot;
}

export interface IndexOutcome {
  repoId: string;
  /** The index run; null when the commit was indexed already. */
  runId: string | null;
  /** From the request that added the repository to the end of its index run. */
  ms: number;
}

/** Adds (or re-adds, after a commit) a local repository and waits until its commit is indexed. */
export async function indexRepository(
  server: ServerProcess,
  repoDir: string,
  timeoutMs = 60 * 60_000,
): Promise<IndexOutcome> {
  const began = performance.now();
  const added = await api<{ repo_id: string; research_id: string | null }>(
    server.url,
    "/api/repos",
    { method: "POST", json: { repo_url: repoDir } },
  );
  if (added.status !== 202 && added.status !== 200)
    throw new Error(`adding the repository: ${added.status} ${JSON.stringify(added.body)}`);
  if (added.body.research_id) await waitForRun(server, added.body.research_id, timeoutMs);
  return {
    repoId: added.body.repo_id,
    runId: added.body.research_id,
    ms: performance.now() - began,
  };
}

/** The newest snapshot's counts. */
export async function snapshotCounts(server: ServerProcess, repoId: string) {
  const { body } = await api<{ snapshots: { file_count: number; chunk_count: number }[] }>(
    server.url,
    `/api/repos/${repoId}`,
  );
  const [newest] = body.snapshots;
  return { files: newest.file_count, chunks: newest.chunk_count };
}

/** Starts a run of the test kind `test.steps` (the test server registers it). */
export async function startRun(server: ServerProcess, input: Record<string, unknown>) {
  const { status, body } = await api<{ research_id: string }>(server.url, "/api/runs", {
    method: "POST",
    json: { kind: "test.steps", input },
  });
  if (status !== 200) throw new Error(`starting a run: ${status} ${JSON.stringify(body)}`);
  return body.research_id;
}

/** One code search; milliseconds to the full answer. */
export async function timeSearch(server: ServerProcess, repoId: string, query: string) {
  const began = performance.now();
  const { status } = await api(
    server.url,
    `/api/repos/${repoId}/search?${new URLSearchParams({ q: query, k: "10" })}`,
  );
  if (status !== 200) throw new Error(`search answered ${status}`);
  return performance.now() - began;
}

/** Every stored event of a run, read page by page over HTTP. */
export async function storedEvents(server: ServerProcess, runId: string): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for (;;) {
    const { body } = await api<{ events: RunEvent[]; next_seq: number }>(
      server.url,
      `/api/research/${runId}/logs?after_seq=${events.at(-1)?.seq ?? 0}&limit=1000`,
    );
    events.push(...body.events);
    if (body.events.length < 1000) return events;
  }
}

export interface IndexPhases {
  /** From the run's start to its "files selected" log: fetching, listing, filtering. */
  selectingMs: number;
  /** From there to the last batch parsed. */
  parsingMs: number;
  /** From there to the final log: counting, the search index, the snapshot made ready. */
  finishingMs: number;
  parsed: number;
  reused: number;
}

/** Where an index run's time went, read from the times of its own log lines. */
export async function indexPhases(server: ServerProcess, runId: string): Promise<IndexPhases> {
  const { body: run } = await api<RunSnapshot>(server.url, `/api/research/${runId}/status`);
  const logs = (await storedEvents(server, runId)).flatMap((event) =>
    event.log_entry ? [event.log_entry] : [],
  );
  const at = (phase: string) =>
    logs.filter((entry) => entry.metadata.phase === phase).map((entry) => Date.parse(entry.time));
  const started = Date.parse(run.started_at ?? "");
  const selected = Math.max(...at("listing"));
  const parsed = Math.max(...at("parsing"), selected);
  const done = Math.max(...at("done"));
  const summary = logs.find((entry) => entry.metadata.phase === "done")?.message ?? "";
  const counts = /\((\d+) parsed, (\d+) reused\)/.exec(summary);
  return {
    selectingMs: selected - started,
    parsingMs: parsed - selected,
    finishingMs: done - parsed,
    parsed: Number(counts?.[1]),
    reused: Number(counts?.[2]),
  };
}
