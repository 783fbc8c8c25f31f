// Re-indexing after a small commit against a full index, through the running server like a
// user: a git repository of several thousand files (packages copied from node_modules) is
// indexed, two of its files change in a new commit, and it is indexed again. Times exclude
// the search-index build (its own phase). /health is asked throughout the full index.
// Usage: npm run bench:reindex
import { appendFileSync, cpSync, existsSync } from "node:fs";
import path from "node:path";
import { api, waitForStatus } from "../test/support/clients";
import { FixtureRepo } from "../test/support/fixture-repo";
import { startServerProcess } from "../test/support/server-process";
// @ts-expect-error: plain .mjs shared with `npm start`
import { ensureBuild } from "./ensure-build.mjs";

const root = path.resolve(import.meta.dirname, "..");
/** About 5,600 files the index selects (their dist/ and build/ folders are excluded). */
const PACKAGES = [
  "drizzle-orm",
  "zod",
  "ai",
  "highlight.js",
  "linkedom",
  "mdast-util-to-markdown",
  "@types/node",
  "micromark",
  "micromark-core-commonmark",
  "hast-util-to-jsx-runtime",
  "mdast-util-to-hast",
  "engine.io-client",
  "pg",
  "picomatch",
];

interface LogEvent {
  phase: string;
  log_entry?: { time: string; message: string; metadata: Record<string, unknown> };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

ensureBuild();
const { allowedRoot, repo } = FixtureRepo.inNewRoot("packages");
for (const name of PACKAGES) {
  const from = path.join(root, "node_modules", name);
  if (existsSync(from)) cpSync(from, path.join(repo.dir, "pkgs", name), { recursive: true });
}
repo.commit("corpus");
const server = await startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: allowedRoot } });

/** Indexes the repository's HEAD; the time from the run's start to the search-index phase. */
async function indexHead(probeHealth: boolean) {
  let probing = probeHealth;
  const health: { at: number; ms: number }[] = [];
  const probe = (async () => {
    while (probing) {
      const start = performance.now();
      await fetch(`${server.url}/health`).then((response) => response.text());
      health.push({ at: Date.now(), ms: performance.now() - start });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const added = await api<{ repo_id: string; research_id: string }>(server.url, "/api/repos", {
    method: "POST",
    json: { repo_url: repo.dir },
  });
  if (added.status !== 202)
    throw new Error(`unexpected answer: ${added.status} ${JSON.stringify(added.body)}`);
  const run = await waitForStatus(server.url, added.body.research_id, ["completed"], 30 * 60_000);
  probing = false;
  await probe;
  const logs = await api<{ events: LogEvent[] }>(
    server.url,
    `/api/research/${added.body.research_id}/logs?limit=1000`,
  );
  const entries = logs.body.events.flatMap((event) => (event.log_entry ? [event.log_entry] : []));
  const started = Date.parse(run.started_at ?? run.created_at);
  // Before there was a log line for it, the search index was built right after the last batch.
  const searchStart =
    entries.find((entry) => entry.message === "Building the search index") ??
    entries.filter((entry) => entry.metadata.phase === "parsing").at(-1);
  const searchAt = searchStart ? Date.parse(searchStart.time) : Number.POSITIVE_INFINITY;
  const done = entries.findLast((entry) => entry.metadata.phase === "done");
  if (process.env.BENCH_DEBUG)
    for (const entry of entries)
      console.log(
        entry.time,
        entry.metadata.phase,
        entry.message,
        JSON.stringify(entry.metadata.timings_ms ?? ""),
      );
  return {
    repoId: added.body.repo_id,
    withoutSearchMs: searchStart ? Date.parse(searchStart.time) - started : Number.NaN,
    totalMs: Date.parse(run.completed_at ?? "") - started,
    summary: done?.message ?? "",
    /** /health latencies while the files were listed and parsed (the search index aside). */
    health: health
      .filter((probe) => probe.at >= started && probe.at < searchAt)
      .map((probe) => probe.ms),
  };
}

try {
  const full = await indexHead(true);
  repo.write({
    "pkgs/zod/README.md": "# zod (changed for the benchmark)\n",
    "pkgs/pg/lib/client.js": `// changed for the benchmark\n${Date.now()}\n`,
  });
  repo.commit("two files change");
  const again = await indexHead(false);
  const rows: [string, string][] = [
    ["full index", full.summary],
    ["  without the search index", `${(full.withoutSearchMs / 1000).toFixed(2)} s`],
    ["  with it", `${(full.totalMs / 1000).toFixed(2)} s`],
    ["re-index after a 2-file commit", again.summary],
    ["  without the search index", `${(again.withoutSearchMs / 1000).toFixed(2)} s`],
    ["  with it", `${(again.totalMs / 1000).toFixed(2)} s`],
    [
      "  share of the full index",
      `${((100 * again.withoutSearchMs) / full.withoutSearchMs).toFixed(1)} %`,
    ],
    [
      "/health while parsing (full index)",
      `p50 ${percentile(full.health, 50).toFixed(0)} ms, p99 ${percentile(full.health, 99).toFixed(0)} ms, max ${Math.max(...full.health).toFixed(0)} ms (${full.health.length} asks)`,
    ],
  ];
  const report = rows.map(([name, value]) => `${name.padEnd(34)} ${value}`).join("\n");
  console.log(report);
  if (process.env.BENCH_OUT) appendFileSync(process.env.BENCH_OUT, `${report}\n\n`);
} catch (error) {
  console.error(
    `bench failed: ${(error as Error).message}\nserver output (tail):\n${server.output().slice(-4000)}`,
  );
  process.exitCode = 1;
} finally {
  await server.stop();
}
