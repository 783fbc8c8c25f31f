import { z } from "zod";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import type { Embedder } from "../llm/embedder";
import { UsageMeter, withUsageMeter } from "../llm/usage-scope";
import { countReasons, describeSkipped, skippedFiles } from "../protocol/index-summary";
import type { RunContext, RunKind } from "../runs/kinds";
import type { TokenVault } from "../security/token-vault";
import { countLeftOutFiles } from "./content-queries";
import { selectFiles } from "./file-selection";
import { indexBatch, phaseTimer, reuseUnchanged, summariseSkips } from "./index-batch";
import type { FileParser } from "./parse-file";
import {
  countSnapshotContents,
  getRepositoryById,
  getRepositoryOfSnapshot,
  getSnapshotById,
  listChunksWithoutEmbedding,
  setChunkEmbeddings,
  updateSnapshot,
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
    repositoryOf: (input) => getRepositoryOfSnapshot(deps.db, { snapshotId: input.snapshot_id }),
    // Embedding calls (when an embedding model is configured) count against the run's user.
    execute: async (context) => {
      const meter = new UsageMeter({ userId: context.userId, runId: context.runId });
      try {
        return await withUsageMeter(meter, () => indexSnapshot(deps, context));
      } finally {
        await meter.settled();
      }
    },
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
    deps.parser.warm?.();
    const tree = await openSourceTree(source, snapshot.commit, access);
    const selection = await context.step("select-files", async () => {
      const picked = await selectFiles(tree.entries, readTreeFiles(tree), {
        filters,
        maxFileBytes: deps.maxFileBytes,
      });
      context.log(
        `${picked.files.length} of ${tree.entries.length} files selected` +
          (picked.skipped.length ? ` (${summariseSkips(picked.skipped)})` : ""),
        { type: "milestone", phase: "listing" },
      );
      return { files: picked.files, skipped: countReasons(picked.skipped) };
    });
    // A run resumed from before the listing's skips were kept has only the files.
    const selected = Array.isArray(selection)
      ? (selection as typeof selection.files)
      : selection.files;
    const skippedByListing = Array.isArray(selection) ? {} : selection.skipped;
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
    const tally = { parsed: 0, movedOrCopied: 0 };
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
    // Every file of the commit is indexed or skipped for a reason, and the counts add up.
    const skipped = skippedFiles({
      listed: tree.entries.length,
      indexed: counts.files,
      byListing: skippedByListing,
      byContent: await countLeftOutFiles(db, { snapshotId: snapshot.id }),
    });
    await updateSnapshot(db, {
      id: snapshot.id,
      status: "ready",
      fileCount: counts.files,
      chunkCount: counts.chunks,
      skipped,
      indexedAt: new Date(),
    });
    // What was not parsed now was reused: unchanged since the base, or analysed before.
    const reused = Math.max(0, counts.files - tally.parsed);
    const reusedHow = [
      reuse.base ? `${reuse.copied} unchanged since ${reuse.base.commit.slice(0, 10)}` : "",
      tally.movedOrCopied ? `${tally.movedOrCopied} whose content was indexed before` : "",
    ].filter(Boolean);
    const skippedLine = describeSkipped(skipped);
    const summary = {
      listed: tree.entries.length,
      files: counts.files,
      chunks: counts.chunks,
      parsed: tally.parsed,
      reused,
      skipped,
    };
    context.log(
      `Indexed ${counts.files} files into ${counts.chunks} chunks: ${tally.parsed} parsed, ${reused} reused` +
        (reusedHow.length ? ` (${reusedHow.join(", ")})` : "") +
        (skippedLine ? `; ${skippedLine}` : ""),
      { type: "milestone", phase: "done", metadata: { timings_ms: timings.laps, summary } },
    );
    return {
      snapshot_id: snapshot.id,
      files: counts.files,
      chunks: counts.chunks,
      parsed: tally.parsed,
      reused,
      skipped: Object.values(skipped).reduce((sum, n) => sum + n, 0),
      skipped_by_reason: skipped,
    };
  } catch (error) {
    if (!context.signal.aborted) await updateSnapshot(db, { id: snapshot.id, status: "failed" });
    throw error;
  } finally {
    if (!context.signal.aborted) deps.vault.delete(snapshot.id);
  }
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
