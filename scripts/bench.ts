// Indexing and search benchmark on a large real codebase (next's compiled source from
// node_modules, several thousand files), through the running server like a user.
// Usage: npm run bench [-- --files N]
import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { api, waitForStatus } from "../test/support/clients";
import { FixtureRepo } from "../test/support/fixture-repo";
import { startServerProcess } from "../test/support/server-process";
// @ts-expect-error: plain .mjs shared with `npm start`
import { ensureBuild } from "./ensure-build.mjs";

const root = path.resolve(import.meta.dirname, "..");
const queries = [
  "render a page to html on the server",
  "handle an incoming request and route it",
  "incremental cache for static pages",
  "image optimization resize",
  "getServerSideProps",
  "middleware matcher",
  "revalidate tag",
  "hot module reload websocket",
  "parse the url and query string",
  "send a json response with status code",
  "cookies set header",
  "redirect to another url",
  "app router layout segment",
  "streaming response chunks",
  "load environment variables from .env files",
  "normalizePagePath",
  "compile with webpack",
  "font optimization css",
  "edge runtime sandbox",
  "trace spans telemetry",
];

function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

ensureBuild();
const { allowedRoot, repo } = FixtureRepo.inNewRoot("next-source");
cpSync(path.join(root, "node_modules/next/dist"), path.join(repo.dir, "next"), { recursive: true });
repo.commit("corpus");
const server = await startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: allowedRoot } });
try {
  const pid = server.process.pid!;
  const memoryBefore = peakMemoryMb(pid);
  const began = performance.now();
  const added = await api<{ repo_id: string; research_id: string }>(server.url, "/api/repos", {
    method: "POST",
    json: { repo_url: repo.dir },
  });
  if (added.status !== 202)
    throw new Error(`unexpected answer: ${added.status} ${JSON.stringify(added.body)}`);
  await waitForStatus(server.url, added.body.research_id, ["completed"], 30 * 60_000);
  const seconds = (performance.now() - began) / 1000;
  const details = await api<{ snapshots: { file_count: number; chunk_count: number }[] }>(
    server.url,
    `/api/repos/${added.body.repo_id}`,
  );
  const { file_count: files, chunk_count: chunks } = details.body.snapshots[0];

  const searchUrl = (q: string) =>
    `/api/repos/${added.body.repo_id}/search?${new URLSearchParams({ q, k: "10" })}`;
  const firstStart = performance.now();
  await api(server.url, searchUrl(queries[0]));
  const firstMs = performance.now() - firstStart;
  const latencies: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const query of queries) {
      const start = performance.now();
      await api(server.url, searchUrl(query));
      latencies.push(performance.now() - start);
    }
  }
  const rows: [string, string][] = [
    ["files indexed", String(files)],
    ["chunks", String(chunks)],
    ["index time", `${seconds.toFixed(1)} s`],
    ["files/s", (files / seconds).toFixed(0)],
    ["chunks/s", (chunks / seconds).toFixed(0)],
    [
      "server peak RSS",
      `${peakMemoryMb(pid).toFixed(0)} MB (at start ${memoryBefore.toFixed(0)} MB)`,
    ],
    ["first search after indexing", `${firstMs.toFixed(0)} ms`],
    ["search p50", `${percentile(latencies, 50).toFixed(1)} ms`],
    ["search p99", `${percentile(latencies, 99).toFixed(1)} ms`],
  ];
  for (const [name, value] of rows) console.log(`${name.padEnd(34)} ${value}`);
} catch (error) {
  console.error(
    `bench failed: ${(error as Error).message}\nserver exit ${server.process.exitCode} signal ${server.process.signalCode}; output (tail):\n${server.output().slice(-4000)}`,
  );
  process.exitCode = 1;
} finally {
  await server.stop();
}
