import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "../db/client";
import type { Embedder } from "../llm/embedder";
import { logger } from "../log";
import { listSnapshotChunks } from "../repos/queries";
import { cosineTopK, fuseRankings } from "./hybrid";
import { LexicalIndex } from "./lexical-index";
import { lexicalDocCount, lexicalDocs, rankLexical } from "./lexical-ranking";

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

interface ChunkMeta {
  id: number;
  path: string;
  startLine: number;
  endLine: number;
  symbol: string | null;
  language: string;
  text: string;
}

interface SnapshotIndex {
  lexical: LexicalIndex;
  chunks: Map<string, ChunkMeta>;
  vectors: { id: string; vector: Float32Array }[];
}

const SNIPPET_CHARS = 600;

/**
 * Retrieval over one snapshot's chunks. The lexical index is a cache built from the
 * database on first use and kept for the most recently searched snapshots.
 */
export class SnapshotSearch {
  private readonly cache = new Map<string, Promise<SnapshotIndex>>();

  constructor(
    private readonly db: Database,
    private readonly embedder: () => Promise<Embedder | null> = async () => null,
    /** Where built lexical indexes are kept between restarts (a cache; rebuilt when missing). */
    private readonly cacheDir: string | null = null,
    private readonly cacheSize = 8,
  ) {}

  /** Builds (and stores) a snapshot's index ahead of the first search: the index run's last step. */
  async prepare(snapshotId: string): Promise<void> {
    this.cache.delete(snapshotId);
    await this.indexOf(snapshotId, { rebuild: true });
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
    const index = await this.indexOf(snapshotId);
    const depth = Math.max(k * 4, 40);
    const lexical = rankLexical(index.lexical, index.chunks, query, depth);
    let ranked = lexical.slice(0, k);
    const embedder = index.vectors.length > 0 ? await this.embedder() : null;
    if (embedder) {
      try {
        const queryVector = await embedder.embedQuery(query, signal);
        const comparable = index.vectors.filter(
          (entry) => entry.vector.length === queryVector.length,
        );
        ranked = fuseRankings([lexical, cosineTopK(queryVector, comparable, depth)], k);
      } catch (error) {
        if (signal?.aborted) throw error;
        log.warn("query embedding failed; lexical results only", { error });
      }
    }
    return ranked
      .map((hit) => ({ hit, chunk: index.chunks.get(hit.id) }))
      .filter((entry): entry is { hit: { id: string; score: number }; chunk: ChunkMeta } =>
        Boolean(entry.chunk),
      )
      .map(({ hit, chunk }) => ({
        chunk_id: chunk.id,
        path: chunk.path,
        start_line: chunk.startLine,
        end_line: chunk.endLine,
        score: Number(hit.score.toFixed(4)),
        ...(chunk.symbol ? { symbol: chunk.symbol } : {}),
        language: chunk.language,
        snippet:
          chunk.text.length > SNIPPET_CHARS ? `${chunk.text.slice(0, SNIPPET_CHARS)}…` : chunk.text,
        text: chunk.text,
      }));
  }

  invalidate(snapshotId: string): void {
    this.cache.delete(snapshotId);
  }

  private indexOf(snapshotId: string, options: { rebuild?: boolean } = {}): Promise<SnapshotIndex> {
    let entry = this.cache.get(snapshotId);
    if (entry) {
      // Re-insert to mark it most recently used.
      this.cache.delete(snapshotId);
    } else {
      entry = this.build(snapshotId, options.rebuild ?? false);
      entry.catch(() => this.cache.delete(snapshotId));
    }
    this.cache.set(snapshotId, entry);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
    return entry;
  }

  private async build(snapshotId: string, rebuild: boolean): Promise<SnapshotIndex> {
    const rows = await listSnapshotChunks(this.db, { snapshotId });
    const chunks = new Map<string, ChunkMeta>();
    for (const row of rows) chunks.set(String(row.id), row);
    const vectors = rows
      .filter((row) => Array.isArray(row.embedding) && row.embedding.length > 0)
      .map((row) => ({ id: String(row.id), vector: Float32Array.from(row.embedding as number[]) }));
    const stored = rebuild ? null : this.readStored(snapshotId);
    if (stored && stored.size === lexicalDocCount(rows))
      return { lexical: stored, chunks, vectors };
    const lexical = await LexicalIndex.buildInSlices(lexicalDocs(rows));
    this.store(snapshotId, lexical);
    return { lexical, chunks, vectors };
  }

  private fileOf(snapshotId: string): string | null {
    return this.cacheDir
      ? path.join(this.cacheDir, `${snapshotId.replace(/[^\w-]/g, "")}.json`)
      : null;
  }

  private readStored(snapshotId: string): LexicalIndex | null {
    const file = this.fileOf(snapshotId);
    if (!file) return null;
    try {
      return LexicalIndex.fromJSON(readFileSync(file, "utf8"));
    } catch {
      return null; // missing, partial or of another format: rebuilt
    }
  }

  private store(snapshotId: string, index: LexicalIndex): void {
    const file = this.fileOf(snapshotId);
    if (!file || !this.cacheDir) return;
    try {
      mkdirSync(this.cacheDir, { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(index.toJSON()));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      log.warn("could not store the index", { file, error });
    }
  }
}
