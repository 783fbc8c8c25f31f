// Sections 2 and 3: indexing corpora of rising size against reading their files, the
// server's memory and /health meanwhile, search latency warm and after a restart, and
// re-indexing after a small commit. One server (and data directory) per size.

import {
  indexPhases,
  indexRepository,
  type ServerProcess,
  snapshotCounts,
  startBenchServer,
  stopAndRemove,
  timeSearch,
} from "./cartograph";
import { buildCorpus, type Corpus, commitSmallChange, readEveryFile } from "./corpus";
import { idleHealth, sampleHealth } from "./health-sampler";
import type { BenchOptions } from "./options";
import { collectGarbage, memoryOf, sampleMemory } from "./process-memory";
import { BEHAVIOUR_QUERIES } from "./queries";
import type { Table } from "./report";
import { newTable, progress, type SectionOutput } from "./section";
import { megabytes, ms, p50, p99, quantity, ratio, seconds, sleep, timed } from "./stats";

/** How long the server is left alone after indexing before its idle memory is read. */
const SETTLE_MS = 10_000;

export async function benchIndexing(
  options: BenchOptions,
  out: { index?: SectionOutput; reindex?: SectionOutput },
): Promise<void> {
  const tables = {
    index: newTable("Indexing against reading every file", [
      "git files",
      "indexed files",
      "chunks",
      "read floor",
      "index time",
      "ratio",
      "files/s",
    ]),
    memory: newTable("Server memory and /health during indexing", [
      "git files",
      "RSS at start",
      "peak RSS (sampled)",
      "VmHWM",
      `idle RSS after ${SETTLE_MS / 1000} s`,
      "idle RSS after GC",
      "/health p99 idle",
      "/health p99 indexing",
      "ratio",
    ]),
    search: newTable("Search: warm, and the first after a restart", [
      "git files",
      "searches",
      "p50",
      "p99",
      "first after restart",
      "ratio to warm p50",
    ]),
    reindex: newTable("Re-index after a commit changing 2 files", [
      "git files",
      "full index",
      "re-index",
      "ratio",
    ]),
    phases: newTable("Where an index run's time goes (times of the run's own log lines)", [
      "git files",
      "run",
      "start → files selected",
      "parsing batches",
      "search index and finish",
      "files parsed",
      "files reused",
    ]),
  };
  out.index?.tables.push(tables.index, tables.memory, tables.search);
  out.reindex?.tables.push(tables.reindex);
  (out.reindex ?? out.index)?.tables.push(tables.phases);
  for (const size of options.sizes) {
    try {
      await benchSize(size, options, tables, Boolean(out.index), Boolean(out.reindex));
    } catch (error) {
      const message = `${size} files: ${error instanceof Error ? error.message.slice(0, 2_000) : error}`;
      progress("index", `failed: ${message}`);
      for (const section of [out.index, out.reindex]) section?.notes.push(`Failed at ${message}`);
    }
  }
  out.index?.notes.push(
    "Corpora: git repositories of files from node_modules packages (folders the index skips by default, such as dist, are renamed; beyond one pass, copies under copy-N/ end with a line naming the copy, so no blob repeats).",
    "Read floor: walking the working tree and reading every file once, in the bench process (files just written, so from the page cache).",
    "Index time: from POST /api/repos to the index run completed (status polled every 50 ms). RSS from /proc every 200 ms.",
    `Search: ${BEHAVIOUR_QUERIES.length} behaviour-style queries × ${options.searchRounds} rounds, GET /api/repos/{id}/search?k=10, one at a time.`,
  );
  out.reindex?.notes.push(
    "Two files get a line appended and are committed; the repository is added again (POST /api/repos), which indexes the new commit.",
  );
}

async function benchSize(
  size: number,
  options: BenchOptions,
  tables: Record<"index" | "memory" | "search" | "reindex" | "phases", Table>,
  wantIndex: boolean,
  wantReindex: boolean,
): Promise<void> {
  progress("index", `building a corpus of ${size} files`);
  const built = await timed(async () => buildCorpus(size));
  const corpus: Corpus = built.value;
  let server: ServerProcess | undefined;
  try {
    progress("index", `corpus built in ${(built.ms / 1000).toFixed(0)} s; reading it (floor)`);
    const floorMs = Math.min(
      ...[0, 1, 2].map(() => {
        const began = performance.now();
        readEveryFile(corpus.repo.dir);
        return performance.now() - began;
      }),
    );
    const env = { CARTOGRAPH_LOCAL_ROOTS: corpus.allowedRoot };
    server = await startBenchServer({ env });
    const pid = server.process.pid!;
    const idle = await idleHealth(server.url);
    const atStart = memoryOf(pid);
    progress("index", `indexing ${size} files`);
    const memory = sampleMemory(pid);
    const health = sampleHealth(server.url);
    const indexed = await indexRepository(server, corpus.repo.dir);
    const during = memory.stop();
    const loaded = await health.stop();
    const counts = await snapshotCounts(server, indexed.repoId);
    tables.index.rows.push([
      size,
      counts.files,
      counts.chunks,
      ms(floorMs),
      seconds(indexed.ms / 1000),
      ratio(indexed.ms, floorMs),
      quantity(counts.files / (indexed.ms / 1000), "files/s"),
    ]);
    progress("index", `indexed in ${(indexed.ms / 1000).toFixed(1)} s`);
    const phaseRow = async (run: string, runId: string | null) => {
      if (!runId) return;
      const phases = await indexPhases(server!, runId);
      tables.phases.rows.push([
        size,
        run,
        seconds(phases.selectingMs / 1000),
        seconds(phases.parsingMs / 1000),
        seconds(phases.finishingMs / 1000),
        phases.parsed,
        phases.reused,
      ]);
    };
    await phaseRow("full", indexed.runId);
    if (wantIndex) {
      await sleep(SETTLE_MS);
      const settled = memoryOf(pid);
      await collectGarbage(server);
      await sleep(1_000);
      const collected = memoryOf(pid);
      tables.memory.rows.push([
        size,
        megabytes(atStart.rssKb),
        megabytes(during.peakRssKb),
        megabytes(during.hwmKb),
        megabytes(settled.rssKb),
        megabytes(collected.rssKb),
        ms(p99(idle)),
        ms(p99(loaded.latencies)),
        ratio(p99(loaded.latencies), p99(idle)),
      ]);
      progress("index", "searching");
      const latencies: number[] = [];
      for (let round = 0; round < options.searchRounds; round++)
        for (const query of BEHAVIOUR_QUERIES)
          latencies.push(await timeSearch(server, indexed.repoId, query));
      await server.stop();
      server = await startBenchServer({ env, dataDir: server.dataDir });
      const first = await timeSearch(server, indexed.repoId, BEHAVIOUR_QUERIES[0]);
      tables.search.rows.push([
        size,
        latencies.length,
        ms(p50(latencies)),
        ms(p99(latencies)),
        ms(first),
        ratio(first, p50(latencies)),
      ]);
    }
    if (wantReindex) {
      progress("index", "re-indexing after a 2-file commit");
      commitSmallChange(corpus);
      const again = await indexRepository(server, corpus.repo.dir);
      tables.reindex.rows.push([
        size,
        seconds(indexed.ms / 1000),
        seconds(again.ms / 1000),
        ratio(again.ms, indexed.ms),
      ]);
      await phaseRow("re-index", again.runId);
    }
  } finally {
    await stopAndRemove(server);
    corpus.remove();
  }
}
