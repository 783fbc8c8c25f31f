import { z } from "zod";
import { detectLanguage } from "../analysis/languages";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import type { Embedder } from "../llm/embedder";
import type { RunContext, RunKind } from "../runs/kinds";
import type { TokenVault } from "../security/token-vault";
import { selectFiles } from "./file-selection";
import type { FileParser } from "./parse-file";
import {
  type AnalysisCopy,
  copyUnchangedFiles,
  countSnapshotContents,
  findAnalysedBlobs,
  findLatestReadySnapshot,
  getRepositoryById,
  getSnapshotById,
  listChunksWithoutEmbedding,
  type NewChunk,
  setChunkEmbeddings,
  updateSnapshot,
  writeFileBatch,
} from "./queries";
import { repositorySource, type SnapshotFilters } from "./repository-source";
import { openSourceTree, readTreeFiles } from "./source-tree";

const BATCH = 200;

export const indexInputSchema = z.object({ snapshot_id: z.string() });
type IndexInput = z.infer<typeof indexInputSchema>;

export interface IndexRunDeps {
  db: Database;
  vault: TokenVault;
  cacheDir: string;
  allowPrivateHosts: boolean;
  /** GIT_TIMEOUT_MS: a fetch from a remote that stays silent this long fails. */
  gitTimeoutMs?: number;
  maxFileBytes: number;
  /** Set when EMBEDDING_MODEL is configured: chunks get vectors for hybrid retrieval. */
  embedder?: () => Promise<Embedder | null>;
  /** Parses new and changed files: the server's parser thread. */
  parser: FileParser;
  /** Builds the snapshot's search index, so the first search does not wait for it. */
  prepareSearch?: (snapshotId: string) => Promise<void>;
}

/**
 * `kind: "index"`: lists the commit's files and filters them; copies in one statement what
 * the repository's latest index holds unchanged, then indexes the rest in resumable
 * batches (copying what another path or commit analysed, parsing the others off the
 * request thread). The work follows what changed, not the size of the repository.
 */
export function createIndexRunKind(deps: IndexRunDeps): RunKind<IndexInput> {
  return {
    kind: "index",
    input: indexInputSchema,
    describe: (input) => `Index ${input.snapshot_id}`,
    resumable: true,
    startable: false,
    execute: (context) => indexSnapshot(deps, context),
  };
}

async function indexSnapshot(deps: IndexRunDeps, context: RunContext<IndexInput>) {
  const { db } = deps;
  const snapshot = await getSnapshotById(db, { id: context.input.snapshot_id });
  if (!snapshot) throw new AppError("not_found:snapshot", "The snapshot to index no longer exists");
  const repository = await getRepositoryById(db, { id: snapshot.repoId });
  if (!repository) throw new AppError("not_found:repo", "The repository no longer exists");
  const source = repositorySource(repository);
  const filters = snapshot.filters as SnapshotFilters;
  const token = deps.vault.get(snapshot.id);
  const access = {
    ref: snapshot.ref ?? undefined,
    token,
    signal: context.signal,
    cacheDir: deps.cacheDir,
    allowPrivateHosts: deps.allowPrivateHosts,
    gitTimeoutMs: deps.gitTimeoutMs,
  };
  const timings = phaseTimer();

  try {
    context.progress({
      phase: "fetching",
      message: `Fetching ${repository.owner}/${repository.name}`,
      progress: 1,
    });
    const tree = await openSourceTree(source, snapshot.commit, access);
    const selected = await context.step("select-files", async () => {
      const picked = await selectFiles(tree.entries, readTreeFiles(tree), {
        filters,
        maxFileBytes: deps.maxFileBytes,
      });
      context.log(
        `${picked.files.length} of ${tree.entries.length} files selected` +
          (picked.skipped.length ? ` (${summariseSkips(picked.skipped)})` : ""),
        { type: "milestone", phase: "listing" },
      );
      return picked.files;
    });
    timings.lap("listing");

    const total = selected.length;
    const reuse = await context.step("reuse-unchanged", async () => {
      const outcome = await reuseUnchanged(db, {
        snapshotId: snapshot.id,
        repoId: repository.id,
        selected,
      });
      context.log(
        outcome.base
          ? `Reused ${outcome.copied} unchanged file(s) of ${outcome.base.commit.slice(0, 10)}` +
              (outcome.leftOut ? ` and left out ${outcome.leftOut} again unread` : "") +
              `; ${outcome.changed.length} new or changed`
          : `No earlier index of the repository: ${total} file(s) to parse`,
        { type: "milestone", phase: "reusing" },
      );
      return outcome;
    });
    timings.lap("reusing");

    const changed = reuse.changed.map((index) => selected[index]);
    const tally = { parsed: 0, movedOrCopied: 0, skipped: 0 };
    let done = reuse.copied + reuse.leftOut;
    context.progress({
      phase: "parsing",
      message: `Parsing ${changed.length} new or changed of ${total} files`,
      progress: 5 + (done / Math.max(1, total)) * 90,
      steps: { done, total },
    });
    for (let start = 0; start < changed.length; start += BATCH) {
      const batch = changed.slice(start, start + BATCH);
      const outcome = await context.step(`changed-${start / BATCH}`, () =>
        indexBatch(deps, {
          snapshotId: snapshot.id,
          repoId: repository.id,
          batch,
          read: tree.read,
          signal: context.signal,
        }),
      );
      tally.parsed += outcome.parsed.length;
      tally.movedOrCopied += outcome.copied;
      tally.skipped += outcome.skipped.length;
      done += batch.length;
      context.log(
        `Parsed ${outcome.parsed.length} new or changed file(s)` +
          (outcome.copied ? `, copied ${outcome.copied} whose content was indexed before` : "") +
          (outcome.skipped.length
            ? `, left out ${summariseSkips(outcome.skipped.map((skip) => skip.reason))}`
            : ""),
        {
          phase: "parsing",
          metadata: {
            parsed: outcome.parsed.slice(0, 50),
            reused: outcome.copied,
            skipped: outcome.skipped.slice(0, 50),
            timings_ms: outcome.ms,
          },
        },
      );
      context.progress({
        progress: 5 + (done / Math.max(1, total)) * 90,
        message: `Indexed ${done} of ${total} files`,
        steps: { done, total },
      });
    }
    timings.lap("parsing");

    const counts = await countSnapshotContents(db, { snapshotId: snapshot.id });
    const embedder = (await deps.embedder?.()) ?? null;
    if (embedder) await embedChunks(deps.db, embedder, context, snapshot.id, counts.chunks);
    timings.lap("embedding");
    if (deps.prepareSearch) {
      context.log("Building the search index", { phase: "search-index" });
      context.progress({
        phase: "search-index",
        message: "Building the search index",
        progress: 96,
      });
      await deps.prepareSearch(snapshot.id);
      timings.lap("search_index");
    }
    await updateSnapshot(db, {
      id: snapshot.id,
      status: "ready",
      fileCount: counts.files,
      chunkCount: counts.chunks,
      indexedAt: new Date(),
    });
    const reused = reuse.copied + tally.movedOrCopied;
    const reusedHow = [
      reuse.base ? `${reuse.copied} unchanged since ${reuse.base.commit.slice(0, 10)}` : "",
      tally.movedOrCopied ? `${tally.movedOrCopied} whose content was indexed before` : "",
    ].filter(Boolean);
    context.log(
      `Indexed ${counts.files} files into ${counts.chunks} chunks: ${tally.parsed} parsed, ${reused} reused` +
        (reusedHow.length ? ` (${reusedHow.join(", ")})` : "") +
        (tally.skipped + reuse.leftOut ? `, ${tally.skipped + reuse.leftOut} left out` : ""),
      { type: "milestone", phase: "done", metadata: { timings_ms: timings.laps } },
    );
    return {
      snapshot_id: snapshot.id,
      files: counts.files,
      chunks: counts.chunks,
      parsed: tally.parsed,
      reused,
      skipped: tally.skipped + reuse.leftOut,
    };
  } catch (error) {
    if (!context.signal.aborted) await updateSnapshot(db, { id: snapshot.id, status: "failed" });
    throw error;
  } finally {
    if (!context.signal.aborted) deps.vault.delete(snapshot.id);
  }
}

interface SelectedFile {
  path: string;
  sha: string;
  size: number;
}

function summariseSkips(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} ${reason}`).join(", ");
}

/** Milliseconds spent in each phase of this attempt, for the run's last log line. */
function phaseTimer() {
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
 * blob) are copied into this one inside the database, in one statement; what is left (the
 * indexes of `selected` still to index) is new or changed. Idempotent: the copy starts the
 * snapshot's contents over.
 */
async function reuseUnchanged(
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
async function indexBatch(
  deps: IndexRunDeps,
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

const EMBED_BATCH = 128;

/** Gives every chunk without a vector one; resumable because it only picks up what is missing. */
async function embedChunks(
  db: Database,
  embedder: Embedder,
  context: RunContext<IndexInput>,
  snapshotId: string,
  total: number,
): Promise<void> {
  let embedded = 0;
  context.progress({
    phase: "embedding",
    message: `Embedding chunks with ${embedder.modelId}`,
    progress: 70,
  });
  for (;;) {
    const batch = await listChunksWithoutEmbedding(db, { snapshotId, limit: EMBED_BATCH });
    if (batch.length === 0) break;
    const vectors = await embedder.embedDocuments(
      batch.map((chunk) => `${chunk.path}${chunk.symbol ? ` ${chunk.symbol}` : ""}\n${chunk.text}`),
      context.signal,
    );
    await setChunkEmbeddings(
      db,
      batch.map((chunk, index) => ({ id: chunk.id, embedding: vectors[index] })),
    );
    embedded += batch.length;
    context.progress({
      progress: 70 + Math.min(1, embedded / Math.max(1, total)) * 25,
      message: `Embedded ${embedded} chunks`,
    });
  }
  context.log(`Embedded ${embedded} chunk(s) with ${embedder.modelId}`, {
    type: "milestone",
    phase: "embedding",
  });
}
