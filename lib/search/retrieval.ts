import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  unlinkSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "../db/client";
import type { Embedder } from "../llm/embedder";
import { logger } from "../log";
import { ChunkRows } from "./chunk-rows";
import { cosineTopK, fuseRankings } from "./hybrid";
import { LEXICAL_INDEX_FORMAT, readIndexHeader } from "./index-format";
import {
  chunkIdsByPath,
  chunkPages,
  countSnapshotChunks,
  diffSnapshotFiles,
  listChunkVectors,
  listIndexedSiblings,
} from "./index-sources";
import { SearchThreads } from "./search-worker-client";

const log = logger("search");

export interface SearchResult {
  chunk_id: number;
  path: string;
  start_line: number;
  end_line: number;
  score: number;
  symbol?: string;
  language: string;
  snippet: string;
  text: string;
}

const SNIPPET_CHARS = 600;
/** A new commit starts from the previous commit's index when at most this share of files changed. */
const MAX_CHANGED_SHARE = 0.3;
const MAX_CHANGED_FILES = 5_000;
/**
 * Carried-over documents keep the caller context of the commit they were indexed at; after
 * this many commits in a row the index is built afresh so that context catches up.
 */
const MAX_GENERATIONS = 10;
const VECTOR_SNAPSHOTS = 4;

/**
 * Retrieval over one snapshot's chunks. The lexical index is a file per snapshot under
 * `cacheDir` (a cache: rebuilt from the database when missing or of another format),
 * searched and built on threads of its own (`search-worker-client.ts`); only the rows of
 * the chunks a search returns are read from the database, and those not read lately
 * (`chunk-rows.ts`).
 */
export class SnapshotSearch {
  private readonly files = new Map<string, Promise<string>>();
  private readonly vectors = new Map<string, Promise<{ id: string; vector: Float32Array }[]>>();
  private readonly cacheDir: string;
  private readonly chunkRows: ChunkRows;

  constructor(
    private readonly db: Database,
    private readonly embedder: () => Promise<Embedder | null> = async () => null,
    cacheDir: string | null = null,
    private readonly threads = new SearchThreads(),
  ) {
    this.cacheDir = cacheDir ?? mkdtempSync(path.join(os.tmpdir(), "cartograph-index-"));
    this.chunkRows = new ChunkRows(db);
  }

  /**
   * Builds (and stores) a snapshot's index ahead of the first search: the index run's last
   * step. Starts from an earlier snapshot's index when few files changed.
   */
  async prepare(snapshotId: string): Promise<{ docs: number; carried: boolean }> {
    const building = this.build(snapshotId);
    // The snapshot is about to be searched: have the thread ready for it.
    void building.then(() => this.warm());
    this.files.set(
      snapshotId,
      building.then(() => this.fileOf(snapshotId)),
    );
    building.catch(() => this.files.delete(snapshotId));
    return building;
  }

  /**
   * Lexical ranking, fused by reciprocal rank with vector similarity when the snapshot has
   * embeddings and a query vector can be had; lexical alone otherwise.
   */
  async search(
    snapshotId: string,
    query: string,
    k: number,
    signal?: AbortSignal,
  ): Promise<SearchResult[]> {
    const file = await this.indexFile(snapshotId);
    const depth = Math.max(k * 4, 40);
    const lexical = await this.threads.search(file, query, depth);
    let ranked = lexical.slice(0, k);
    const embedder = await this.embedder();
    if (embedder) {
      try {
        const vectors = await this.vectorsOf(snapshotId);
        if (vectors.length > 0) {
          const queryVector = await embedder.embedQuery(query, signal);
          const comparable = vectors.filter((entry) => entry.vector.length === queryVector.length);
          ranked = fuseRankings([lexical, cosineTopK(queryVector, comparable, depth)], k);
        }
      } catch (error) {
        if (signal?.aborted) throw error;
        log.warn("query embedding failed; lexical results only", { error });
      }
    }
    const rows = await this.chunkRows.get(ranked.map((hit) => Number(hit.id)));
    return ranked.flatMap((hit) => {
      const chunk = rows.get(Number(hit.id));
      if (!chunk) return [];
      return [
        {
          chunk_id: chunk.id,
          path: chunk.path,
          start_line: chunk.startLine,
          end_line: chunk.endLine,
          score: Number(hit.score.toFixed(4)),
          ...(chunk.symbol ? { symbol: chunk.symbol } : {}),
          language: chunk.language,
          snippet:
            chunk.text.length > SNIPPET_CHARS
              ? `${chunk.text.slice(0, SNIPPET_CHARS)}…`
              : chunk.text,
          text: chunk.text,
        },
      ];
    });
  }

  /** Forgets a snapshot's index (its file too): the next search rebuilds it. */
  invalidate(snapshotId: string): void {
    this.files.delete(snapshotId);
    this.vectors.delete(snapshotId);
    const file = this.fileOf(snapshotId);
    void this.threads.forget(file).catch(() => undefined);
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }

  /** Starts the search thread now (it ends again after idle minutes), so a search need not wait for it. */
  warm(): void {
    void this.threads.warm();
  }

  close(): Promise<void> {
    return this.threads.close();
  }

  private fileOf(snapshotId: string): string {
    return path.join(this.cacheDir, `${snapshotId.replace(/[^\w-]/g, "")}.idx`);
  }

  /** The snapshot's index file: the stored one when it is current, else built now (once). */
  private indexFile(snapshotId: string): Promise<string> {
    let file = this.files.get(snapshotId);
    if (!file) {
      file = (async () => {
        if (storedIndexOf(this.fileOf(snapshotId), snapshotId)) return this.fileOf(snapshotId);
        await this.build(snapshotId);
        return this.fileOf(snapshotId);
      })();
      file.catch(() => this.files.delete(snapshotId));
      this.files.set(snapshotId, file);
    }
    return file;
  }

  private async build(snapshotId: string): Promise<{ docs: number; carried: boolean }> {
    mkdirSync(this.cacheDir, { recursive: true });
    const file = this.fileOf(snapshotId);
    const chunks = await countSnapshotChunks(this.db, { snapshotId });
    const change = await this.changeFromSibling(snapshotId).catch((error) => {
      log.warn("could not start from an earlier index; building afresh", { error });
      return null;
    });
    const meta = { snapshotId, chunks, generation: change ? change.generation : 0 };
    if (change) {
      const docs = await this.threads.build(
        chunkPages(this.db, { snapshotId, paths: change.addPaths }),
        { file, meta, base: change.base },
      );
      return { docs, carried: true };
    }
    const docs = await this.threads.build(chunkPages(this.db, { snapshotId }), { file, meta });
    return { docs, carried: false };
  }

  /**
   * How this snapshot differs from the last indexed one of its repository, when an index
   * of that one is at hand and few files changed: which of its documents live on (under
   * which chunk ids) and which files are indexed anew.
   */
  private async changeFromSibling(snapshotId: string) {
    for (const sibling of await listIndexedSiblings(this.db, { snapshotId })) {
      const baseFile = this.fileOf(sibling.id);
      const header = storedIndexOf(baseFile, sibling.id);
      if (!header) continue;
      const generation = Number(header.meta.generation ?? 0) + 1;
      if (generation > MAX_GENERATIONS) return null;
      const diff = await diffSnapshotFiles(this.db, { snapshotId, baseId: sibling.id });
      const changed = Math.max(diff.added.length, diff.dropped.length);
      if (changed > Math.min(MAX_CHANGED_FILES, diff.total * MAX_CHANGED_SHARE)) return null;
      const [before, after] = await Promise.all([
        chunkIdsByPath(this.db, { snapshotId: sibling.id }),
        chunkIdsByPath(this.db, { snapshotId }),
      ]);
      const addPaths = new Set(diff.added);
      const dropPaths = new Set(diff.dropped);
      const keep: [string, string][] = [];
      for (const [filePath, ids] of after) {
        if (addPaths.has(filePath)) continue;
        const previous = before.get(filePath);
        // Same blob, so the same chunks in the same order; anything else is indexed anew.
        if (!previous || previous.length !== ids.length) {
          addPaths.add(filePath);
          dropPaths.add(filePath);
          continue;
        }
        ids.forEach((id, at) => {
          keep.push([String(previous[at]), String(id)]);
        });
      }
      return {
        generation,
        addPaths: [...addPaths],
        base: { file: baseFile, dropPaths: [...dropPaths], keep },
      };
    }
    return null;
  }

  private vectorsOf(snapshotId: string): Promise<{ id: string; vector: Float32Array }[]> {
    let entry = this.vectors.get(snapshotId);
    if (entry) this.vectors.delete(snapshotId);
    else {
      entry = listChunkVectors(this.db, { snapshotId }).then((rows) =>
        rows
          .filter((row) => Array.isArray(row.embedding) && row.embedding.length > 0)
          .map((row) => ({
            id: String(row.id),
            vector: Float32Array.from(row.embedding as number[]),
          })),
      );
      entry.catch(() => this.vectors.delete(snapshotId));
    }
    this.vectors.set(snapshotId, entry);
    while (this.vectors.size > VECTOR_SNAPSHOTS) {
      this.vectors.delete(this.vectors.keys().next().value as string);
    }
    return entry;
  }
}

/** The header of a stored index of this snapshot in the current format, or null. */
function storedIndexOf(file: string, snapshotId: string) {
  if (!existsSync(file)) return null;
  let fd: number | null = null;
  try {
    fd = openSync(file, "r");
    const header = readIndexHeader((length, position) => {
      const bytes = Buffer.alloc(length);
      readSync(fd as number, bytes, 0, length, position);
      return bytes;
    });
    return header.format === LEXICAL_INDEX_FORMAT && header.meta.snapshotId === snapshotId
      ? header
      : null;
  } catch {
    return null; // partial or of another layout: rebuilt
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
