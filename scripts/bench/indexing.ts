// Sections 2 and 3: indexing corpora of rising size against reading their files, the
// server's memory and /health meanwhile, search latency warm and after a restart, and
// re-indexing after a small commit. One server (and data directory) per size.
import { execFileSync } from "node:child_process";
import { statfsSync } from "node:fs";
import { tmpdir } from "node:os";

import {
  explainFailure,
  type IndexOutcome,
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
import { megabytes, ms, p50, p99, quantity, ratio, seconds, settle, sleep, timed } from "./stats";

/** How long the server is left alone after indexing before its idle memory is read. */
const SETTLE_MS = 10_000;
/** Disk a corpus file takes: working tree and git objects (~10 kB), data directory (~40 kB). */
const DISK_PER_FILE_KB = 60;
/** Free space left to the other users of this disk, whatever the bench needs. */
const DISK_MARGIN_KB = 2 * 1024 * 1024;

export async function benchIndexing(
  options: BenchOptions,
  out: { index?: SectionOutput; reindex?: SectionOutput },
): Promise<void> {
  const tables = {
    index: newTable("Indexing against reading every file", [
      "git files",
      "indexed files",
      "chunks",
      "data dir",
      "read floor",
      "index time",
      "ratio",
      "files/s",
    ]),
    memory: newTable("Server memory and /health during indexing", [
      "git files",
      "RSS at start",
      "VmHWM at start",
      "peak RSS (sampled)",
      "VmHWM after",
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
      await benchSize(size, options, tables, {
        index: Boolean(out.index),
        reindex: Boolean(out.reindex),
      });
    } catch (error) {
      const message = `${size} files: ${error instanceof Error ? error.message.slice(0, 2_000) : error}`;
      progress("index", `failed: ${message}`);
      for (const section of [out.index, out.reindex]) section?.notes.push(`Failed at ${message}`);
    }
  }
  out.index?.notes.push(
    "Corpora: git repositories of files from node_modules packages (folders the index skips by default, such as dist, are renamed; beyond one pass, copies under copy-N/ end with a line naming the copy, so no blob repeats).",
    "Read floor: walking the working tree and reading every file once, in the bench process (files just written, so from the page cache).",
    "Index time: from POST /api/repos to the index run completed (status polled every 50 ms). /health asked every 50 ms without waiting for answers; RSS from /proc every 200 ms; VmHWM is the kernel's peak over the process's life, start-up included (hence the column at start).",
    "Data dir: du of DATA_DIR after indexing (the PGlite database and the search index cache). A size that would leave less than 2 GB of the shared disk free is skipped.",
    "Idle RSS: 10 s after the index run ended, then after a full GC (HeapProfiler.collectGarbage through the inspector, opened with SIGUSR1).",
    `Search: ${BEHAVIOUR_QUERIES.length} behaviour-style queries × ${options.searchRounds} rounds, GET /api/repos/{id}/search?k=10, one at a time.`,
  );
  out.reindex?.notes.push(
    "Two files get a line appended and are committed; the repository is added again (POST /api/repos), which indexes the new commit.",
  );
}

type IndexTables = Record<"index" | "memory" | "search" | "reindex" | "phases", Table>;

/** One size's corpus and the server indexing it (replaced by a new one on a restart). */
interface SizeRun {
  size: number;
  corpus: Corpus;
  server: ServerProcess;
  tables: IndexTables;
}

async function benchSize(
  size: number,
  options: BenchOptions,
  tables: IndexTables,
  wants: { index: boolean; reindex: boolean },
): Promise<void> {
  assertDiskRoom(size);
  progress("index", `building a corpus of ${size} files`);
  const { value: corpus, ms: buildMs } = await timed(async () => buildCorpus(size));
  let run: SizeRun | undefined;
  try {
    progress("index", `corpus built in ${(buildMs / 1000).toFixed(0)} s; reading it (floor)`);
    const floorMs = Math.min(readFloorMs(corpus), readFloorMs(corpus), readFloorMs(corpus));
    const server = await startBenchServer({ env: envOf(corpus) });
    run = { size, corpus, server, tables };
    const full = await measureFullIndex(run, floorMs);
    await addPhaseRow(run, "full", full.indexed.runId);
    if (wants.index) {
      await addMemoryRow(run, full);
      await addSearchRow(run, full.indexed.repoId, options.searchRounds);
    }
    if (wants.reindex) await addReindexRow(run, full.indexed);
  } catch (error) {
    throw await explainFailure(error, run?.server);
  } finally {
    await stopAndRemove(run?.server);
    corpus.remove();
  }
}

/** Refuses a size whose corpus and index would leave the shared disk nearly full. */
function assertDiskRoom(size: number): void {
  const disk = statfsSync(tmpdir());
  const freeKb = (disk.bavail * disk.bsize) / 1024;
  const neededKb = size * DISK_PER_FILE_KB + DISK_MARGIN_KB;
  if (freeKb < neededKb)
    throw new Error(
      `skipped: about ${Math.round(neededKb / 1024 ** 2)} GB of free disk needed, ${(freeKb / 1024 ** 2).toFixed(1)} GB free`,
    );
}

/** Disk used under a folder, as `du` counts it. */
const directorySizeKb = (dir: string) =>
  Number(execFileSync("du", ["-sk", dir], { encoding: "utf8" }).split("\t")[0]);

const envOf = (corpus: Corpus) => ({ CARTOGRAPH_LOCAL_ROOTS: corpus.allowedRoot });

function readFloorMs(corpus: Corpus): number {
  const began = performance.now();
  readEveryFile(corpus.repo.dir);
  return performance.now() - began;
}

/** The first index of the corpus, with the server's memory and /health sampled meanwhile. */
async function measureFullIndex(run: SizeRun, floorMs: number) {
  const { server, size } = run;
  const pid = server.process.pid!;
  const idleHealthMs = await idleHealth(server.url);
  const atStart = memoryOf(pid);
  progress("index", `indexing ${size} files`);
  const memory = sampleMemory(pid);
  const health = sampleHealth(server.url);
  const indexing = await settle(indexRepository(server, run.corpus.repo.dir));
  // Stopped whatever happened: a sampler left running keeps polling and the bench never exits.
  const during = memory.stop();
  const loadedHealth = await health.stop();
  if (!indexing.ok) throw indexing.error;
  const indexed = indexing.value;
  progress("index", `indexed in ${(indexed.ms / 1000).toFixed(1)} s`);
  const counts = await snapshotCounts(server, indexed.repoId);
  run.tables.index.rows.push([
    size,
    counts.files,
    counts.chunks,
    megabytes(directorySizeKb(server.dataDir)),
    ms(floorMs),
    seconds(indexed.ms / 1000),
    ratio(indexed.ms, floorMs),
    quantity(counts.files / (indexed.ms / 1000), "files/s"),
  ]);
  return { indexed, atStart, during, idleHealthMs, loadedHealthMs: loadedHealth.latencies };
}

/** Idle memory once indexing has settled, before and after a full GC, beside the peaks. */
async function addMemoryRow(run: SizeRun, full: Awaited<ReturnType<typeof measureFullIndex>>) {
  const pid = run.server.process.pid!;
  await sleep(SETTLE_MS);
  const settled = memoryOf(pid);
  await collectGarbage(run.server);
  await sleep(1_000);
  const collected = memoryOf(pid);
  run.tables.memory.rows.push([
    run.size,
    megabytes(full.atStart.rssKb),
    megabytes(full.atStart.hwmKb),
    megabytes(full.during.peakRssKb),
    megabytes(full.during.hwmKb),
    megabytes(settled.rssKb),
    megabytes(collected.rssKb),
    ms(p99(full.idleHealthMs)),
    ms(p99(full.loadedHealthMs)),
    ratio(p99(full.loadedHealthMs), p99(full.idleHealthMs)),
  ]);
}

/** Warm search latency, then the first search of a new server on the same data directory. */
async function addSearchRow(run: SizeRun, repoId: string, rounds: number) {
  progress("index", "searching");
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++)
    for (const query of BEHAVIOUR_QUERIES)
      latencies.push(await timeSearch(run.server, repoId, query));
  await run.server.stop();
  run.server = await startBenchServer({ env: envOf(run.corpus), dataDir: run.server.dataDir });
  const first = await timeSearch(run.server, repoId, BEHAVIOUR_QUERIES[0]);
  run.tables.search.rows.push([
    run.size,
    latencies.length,
    ms(p50(latencies)),
    ms(p99(latencies)),
    ms(first),
    ratio(first, p50(latencies)),
  ]);
}

async function addReindexRow(run: SizeRun, full: IndexOutcome) {
  progress("index", "re-indexing after a 2-file commit");
  commitSmallChange(run.corpus);
  const again = await indexRepository(run.server, run.corpus.repo.dir);
  run.tables.reindex.rows.push([
    run.size,
    seconds(full.ms / 1000),
    seconds(again.ms / 1000),
    ratio(again.ms, full.ms),
  ]);
  await addPhaseRow(run, "re-index", again.runId);
}

async function addPhaseRow(run: SizeRun, label: string, runId: string | null) {
  if (!runId) return;
  const phases = await indexPhases(run.server, runId);
  run.tables.phases.rows.push([
    run.size,
    label,
    seconds(phases.selectingMs / 1000),
    seconds(phases.parsingMs / 1000),
    seconds(phases.finishingMs / 1000),
    phases.parsed,
    phases.reused,
  ]);
}
