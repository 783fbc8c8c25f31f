import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { and, inArray } from "drizzle-orm";
import { z } from "zod";
import { analyzeFile } from "../analysis/chunk-file";
import { detectLanguage } from "../analysis/languages";
import type { Database } from "../db/client";
import { chunks } from "../db/schema";
import { AppError } from "../errors";
import type { Embedder } from "../llm/embedder";
import type { RunContext, RunKind } from "../runs/kinds";
import type { TokenVault } from "../security/token-vault";
import { decodeText, looksGenerated } from "./file-filter";
import { selectFiles } from "./file-selection";
import {
  countSnapshotContents,
  findAnalysedBlobs,
  getRepositoryById,
  getSnapshotById,
  listChunksWithoutEmbedding,
  type NewChunk,
  replaceFiles,
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
  /** Builds the snapshot's search index, so the first search does not wait for it. */
  prepareSearch?: (snapshotId: string) => Promise<void>;
}

/**
 * `kind: "index"`: lists the commit's files, filters them, and parses in resumable
 * batches; files whose blob an earlier snapshot already analysed are copied, not parsed.
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

    const total = selected.length;
    let parsedTotal = 0;
    let reusedTotal = 0;
    context.progress({
      phase: "parsing",
      message: `Parsing ${total} files`,
      progress: 5,
      steps: { done: 0, total },
    });
    for (let start = 0; start < total; start += BATCH) {
      const batch = selected.slice(start, start + BATCH);
      const outcome = await context.step(`parse-${start / BATCH}`, () =>
        indexBatch(deps, {
          snapshotId: snapshot.id,
          repoId: repository.id,
          batch,
          read: tree.read,
        }),
      );
      parsedTotal += outcome.parsed.length;
      reusedTotal += outcome.reused;
      const done = Math.min(total, start + batch.length);
      context.log(
        `Parsed ${outcome.parsed.length} changed file(s), reused ${outcome.reused} unchanged`,
        {
          phase: "parsing",
          metadata: { parsed: outcome.parsed.slice(0, 50), reused: outcome.reused },
        },
      );
      context.progress({
        progress: 5 + (done / Math.max(1, total)) * 90,
        message: `Parsed ${done} of ${total} files`,
        steps: { done, total },
      });
    }

    const counts = await countSnapshotContents(db, { snapshotId: snapshot.id });
    const embedder = (await deps.embedder?.()) ?? null;
    if (embedder) await embedChunks(deps.db, embedder, context, snapshot.id, counts.chunks);
    if (deps.prepareSearch) {
      context.progress({
        phase: "search-index",
        message: "Building the search index",
        progress: 96,
      });
      await deps.prepareSearch(snapshot.id);
    }
    await updateSnapshot(db, {
      id: snapshot.id,
      status: "ready",
      fileCount: counts.files,
      chunkCount: counts.chunks,
      indexedAt: new Date(),
    });
    context.log(
      `Indexed ${counts.files} files into ${counts.chunks} chunks (${parsedTotal} parsed, ${reusedTotal} reused)`,
      { type: "milestone", phase: "done" },
    );
    return {
      snapshot_id: snapshot.id,
      files: counts.files,
      chunks: counts.chunks,
      parsed: parsedTotal,
      reused: reusedTotal,
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

/** One batch: copy what earlier snapshots analysed, parse the rest, write it all at once. */
async function indexBatch(
  deps: IndexRunDeps,
  options: {
    snapshotId: string;
    repoId: string;
    batch: SelectedFile[];
    read: (shas: string[]) => Promise<Map<string, Buffer>>;
  },
): Promise<{ parsed: string[]; reused: number }> {
  const { db } = deps;
  const { snapshotId, batch } = options;
  const known = await findAnalysedBlobs(db, {
    repoId: options.repoId,
    snapshotId,
    shas: batch.map((f) => f.sha),
  });
  const fileRows: Parameters<typeof replaceFiles>[1]["fileRows"] = [];
  const chunkRows: NewChunk[] = [];
  const blobRows: Parameters<typeof replaceFiles>[1]["blobRows"] = [];
  const parsed: string[] = [];
  let reused = 0;

  const reusable = batch.filter((file) => {
    const previous = known.get(file.sha);
    return previous && previous.file.language === (detectLanguage(file.path) ?? "text");
  });
  if (reusable.length > 0) {
    const sources = reusable.map((file) => known.get(file.sha)!);
    const previousChunks = await db
      .select()
      .from(chunks)
      .where(
        and(
          inArray(chunks.snapshotId, [...new Set(sources.map((source) => source.snapshotId))]),
          inArray(
            chunks.blobSha,
            reusable.map((file) => file.sha),
          ),
        ),
      );
    for (const file of reusable) {
      const previous = known.get(file.sha)!;
      fileRows.push({ ...previous.file, snapshotId, path: file.path });
      for (const chunk of previousChunks) {
        if (chunk.snapshotId !== previous.snapshotId || chunk.path !== previous.path) continue;
        const { id: _id, ...rest } = chunk;
        chunkRows.push({ ...rest, snapshotId, path: file.path });
      }
      reused++;
    }
  }

  const fresh = batch.filter((file) => !reusable.includes(file));
  const contents = await options.read(fresh.map((file) => file.sha));
  for (const file of fresh) {
    // Parsing is CPU work on the server's own thread: let requests in between files.
    await yieldToEventLoop();
    const bytes = contents.get(file.sha);
    const text = bytes ? decodeText(bytes) : null;
    if (text === null || looksGenerated(text)) continue;
    const language = detectLanguage(file.path, text.slice(0, text.indexOf("\n") >>> 0)) ?? "text";
    const analysis = await analyzeFile({ path: file.path, language, content: text });
    blobRows.push({ sha: file.sha, content: text, size: bytes!.length });
    fileRows.push({
      snapshotId,
      path: file.path,
      blobSha: file.sha,
      language,
      size: bytes!.length,
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
  }
  await replaceFiles(db, { snapshotId, fileRows, chunkRows, blobRows });
  return { parsed, reused };
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
