import { detectLanguage } from "../analysis/languages";
import type { Database } from "../db/client";
import {
  type AnalysisCopy,
  copyUnchangedFiles,
  findAnalysedBlobs,
  findLatestReadySnapshot,
  writeFileBatch,
} from "./content-queries";
import type { FileParser } from "./parse-file";
import type { NewChunk } from "./queries";

// The two halves of an index run's work on a commit's files: what the repository's last
// index holds unchanged is copied, then the rest is indexed a batch at a time.

/** A file of the commit the index takes (file-selection.ts). */
export interface SelectedFile {
  path: string;
  sha: string;
  size: number;
}

/** "3 generated, 1 binary": reasons counted, for a log line. */
export function summariseSkips(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} ${reason}`).join(", ");
}

/** Milliseconds spent in each phase of this attempt, for the run's last log line. */
export function phaseTimer() {
  const laps: Record<string, number> = {};
  let since = performance.now();
  return {
    laps,
    lap(phase: string) {
      const now = performance.now();
      laps[phase] = Math.round(now - since);
      since = now;
    },
  };
}

/**
 * The files the latest indexed snapshot of the repository holds unchanged (same path, same
 * blob) are copied into this one inside the database; what is left (the indexes of
 * `selected` still to index) is new or changed. Idempotent: the copy starts the snapshot's
 * contents over.
 */
export async function reuseUnchanged(
  db: Database,
  {
    snapshotId,
    repoId,
    selected,
  }: { snapshotId: string; repoId: string; selected: SelectedFile[] },
): Promise<{
  base: { id: string; commit: string } | null;
  copied: number;
  leftOut: number;
  changed: number[];
}> {
  const everything = selected.map((_, index) => index);
  const base = await findLatestReadySnapshot(db, { repoId, exceptId: snapshotId });
  if (!base) return { base: null, copied: 0, leftOut: 0, changed: everything };
  const copied = await copyUnchangedFiles(db, {
    snapshotId,
    baseId: base.id,
    files: selected.map((file) => ({ path: file.path, sha: file.sha })),
  });
  const done = new Set([...copied.indexed, ...copied.leftOut]);
  return {
    base: { id: base.id, commit: base.commit },
    copied: copied.indexed.length,
    leftOut: copied.leftOut.length,
    changed: everything.filter((index) => !done.has(selected[index].path)),
  };
}

/**
 * One batch of new or changed files: those whose blob an earlier snapshot analysed (a
 * rename, a reverted change) are copied from it in the database, the rest are read and
 * parsed on the parser thread; all of it is written at once.
 */
export async function indexBatch(
  deps: { db: Database; parser: FileParser },
  options: {
    snapshotId: string;
    repoId: string;
    batch: SelectedFile[];
    read: (shas: string[]) => Promise<Map<string, Buffer>>;
    signal: AbortSignal;
  },
): Promise<{
  parsed: string[];
  copied: number;
  skipped: { path: string; reason: string }[];
  ms: Record<string, number>;
}> {
  const { db } = deps;
  const timings = phaseTimer();
  const { snapshotId, batch } = options;
  const known = await findAnalysedBlobs(db, {
    repoId: options.repoId,
    snapshotId,
    shas: batch.map((file) => file.sha),
  });
  timings.lap("lookup");
  const copies: AnalysisCopy[] = [];
  const fresh: SelectedFile[] = [];
  for (const file of batch) {
    const language = detectLanguage(file.path) ?? "text";
    const analysed = known.get(file.sha)?.find((blob) => blob.language === language);
    if (analysed)
      copies.push({
        path: file.path,
        fromSnapshotId: analysed.snapshotId,
        fromPath: analysed.path,
      });
    else fresh.push(file);
  }

  const contents = await options.read(fresh.map((file) => file.sha));
  timings.lap("read");
  options.signal.throwIfAborted();
  // Sent all at once: the parser thread works through them in order while this thread
  // goes on answering requests.
  const results = await Promise.all(
    fresh.map(async (file) => {
      const bytes = contents.get(file.sha);
      return bytes ? deps.parser.parse({ path: file.path, bytes }) : null;
    }),
  );
  timings.lap("parse");
  const fileRows: Parameters<typeof writeFileBatch>[1]["fileRows"] = [];
  const chunkRows: NewChunk[] = [];
  const blobRows: Parameters<typeof writeFileBatch>[1]["blobRows"] = [];
  const parsed: string[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const leftOut: { path: string; blobSha: string; reason: string }[] = [];
  fresh.forEach((file, index) => {
    const result = results[index];
    if (!result || result.kind === "skipped") {
      const reason = result?.reason ?? "unreadable";
      skipped.push({ path: file.path, reason });
      // Binary and generated are what the bytes are: the next commit's index need not
      // read them again. A file the parser failed on, or could not read, is tried again.
      if (reason === "binary" || reason === "generated")
        leftOut.push({ path: file.path, blobSha: file.sha, reason });
      return;
    }
    const { language, analysis } = result;
    const size = contents.get(file.sha)?.length ?? file.size;
    blobRows.push({ sha: file.sha, content: result.text, size });
    fileRows.push({
      snapshotId,
      path: file.path,
      blobSha: file.sha,
      language,
      size,
      symbols: analysis.symbols,
      imports: analysis.imports,
    });
    for (const chunk of analysis.chunks) {
      chunkRows.push({
        snapshotId,
        path: file.path,
        blobSha: file.sha,
        startLine: chunk.startLine,
        endLine: chunk.endLine,
        symbol: chunk.symbol ?? null,
        language,
        text: chunk.text,
      });
    }
    parsed.push(file.path);
  });
  await writeFileBatch(db, {
    snapshotId,
    paths: batch.map((file) => file.path),
    copies,
    fileRows,
    chunkRows,
    blobRows,
    leftOut,
  });
  timings.lap("write");
  return { parsed, copied: copies.length, skipped, ms: timings.laps };
}
