/**
 * The lexical side of retrieval over one snapshot: which documents the index holds (a chunk
 * each, plus one per file for the file as a whole) and how a query's matches become a chunk
 * ranking (by file first: `file-ranking.ts`).
 */
import { callerContext } from "./caller-context";
import { fileEvidence } from "./file-evidence";
import { FILE_RANKING, type FileRankingOptions, rankChunksByFile } from "./file-ranking";
import type { LexicalIndex, RankedId, SearchDoc } from "./lexical-index";

export interface IndexedChunk {
  id: number;
  path: string;
  startLine: number;
  symbol: string | null;
  text: string;
}

/** File documents' ids; chunk ids are numbers, so the two never collide. */
const FILE_ID = "file:";

/** Every document of a snapshot's lexical index: its chunks, then its files. */
export function lexicalDocs(rows: readonly IndexedChunk[]): SearchDoc[] {
  const context = callerContext(rows);
  const chunkDocs = rows.map((row) => ({
    id: String(row.id),
    path: row.path,
    symbol: row.symbol ?? undefined,
    text: row.text,
    context: context.get(row.id),
  }));
  const fileDocs = fileEvidence(rows).map((file) => ({
    id: `${FILE_ID}${file.path}`,
    path: file.path,
    // The summary stands as the file's own text: a few lines, so a word in it weighs a lot.
    text: file.summary,
    doc: file.doc,
    symbols: file.symbols,
  }));
  return [...chunkDocs, ...fileDocs];
}

/** How many documents `lexicalDocs` makes of these chunks (to check a stored index). */
export function lexicalDocCount(rows: readonly IndexedChunk[]): number {
  return rows.length + new Set(rows.map((row) => row.path)).size;
}

/** How deep to read the index's matches: enough files and chunks to rank `k` by file. */
const DEPTH = 400;

/** The best `k` chunks for a query, ranked by file first. */
export function rankLexical(
  index: LexicalIndex,
  chunks: ReadonlyMap<string, IndexedChunk>,
  query: string,
  k: number,
  options: FileRankingOptions = FILE_RANKING,
): RankedId[] {
  const chunkHits: RankedId[] = [];
  const fileHits: { path: string; score: number }[] = [];
  for (const hit of index.search(query, Math.max(DEPTH, k * 4))) {
    if (hit.id.startsWith(FILE_ID))
      fileHits.push({ path: hit.id.slice(FILE_ID.length), score: hit.score });
    else chunkHits.push(hit);
  }
  return rankChunksByFile(
    {
      chunkHits,
      fileHits,
      pathOf: (id) => chunks.get(id)?.path,
      firstChunkOf: (path) => fileShapes(chunks).firstChunk.get(path),
      chunkCountOf: (path) => fileShapes(chunks).chunkCount.get(path) ?? 1,
    },
    k,
    options,
  );
}

interface FileShapes {
  /** Each file's first chunk by line. */
  firstChunk: Map<string, string>;
  chunkCount: Map<string, number>;
}

const shapesCache = new WeakMap<ReadonlyMap<string, IndexedChunk>, FileShapes>();

/** Computed once per snapshot's chunk map. */
function fileShapes(chunks: ReadonlyMap<string, IndexedChunk>): FileShapes {
  let shapes = shapesCache.get(chunks);
  if (shapes) return shapes;
  const lines = new Map<string, number>();
  shapes = { firstChunk: new Map(), chunkCount: new Map() };
  for (const [id, chunk] of chunks) {
    shapes.chunkCount.set(chunk.path, (shapes.chunkCount.get(chunk.path) ?? 0) + 1);
    const line = lines.get(chunk.path);
    if (line === undefined || chunk.startLine < line) {
      lines.set(chunk.path, chunk.startLine);
      shapes.firstChunk.set(chunk.path, id);
    }
  }
  shapesCache.set(chunks, shapes);
  return shapes;
}
