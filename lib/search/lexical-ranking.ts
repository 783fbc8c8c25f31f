/**
 * The lexical side of retrieval over one snapshot: which documents the index holds (a chunk
 * each, plus one per file for the file as a whole) and how a query's matches become a chunk
 * ranking (by file first: `file-ranking.ts`).
 */
import { callerContext } from "./caller-context";
import { fileEvidence } from "./file-evidence";
import { FILE_RANKING, type FileRankingOptions, rankChunksByFile } from "./file-ranking";
import type { RankedId, SearchDoc, SearchHit } from "./lexical-index";

export interface IndexedChunk {
  id: number;
  path: string;
  startLine: number;
  symbol: string | null;
  text: string;
}

/** File documents' ids; chunk ids are numbers, so the two never collide. */
const FILE_ID = "file:";

export const isFileDocId = (id: string) => id.startsWith(FILE_ID);

/** Every document of a snapshot's lexical index: its chunks, then its files. */
export function lexicalDocs(rows: readonly IndexedChunk[]): SearchDoc[] {
  const context = callerContext(rows);
  const chunkDocs = rows.map((row) => ({
    id: String(row.id),
    path: row.path,
    line: row.startLine,
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

/** How deep to read the index's matches: enough files and chunks to rank `k` by file. */
const DEPTH = 400;

/** What ranking needs of an index: its matches (with their file) and each file's first chunk. */
export interface RankableIndex {
  search(query: string, k: number): SearchHit[];
  firstChunkOf(path: string): string | undefined;
  /** How many passages (chunks) of a file the index holds. */
  chunkCountOf(path: string): number;
}

/** The best `k` chunks for a query, ranked by file first. */
export function rankLexical(
  index: RankableIndex,
  query: string,
  k: number,
  options: FileRankingOptions = FILE_RANKING,
): RankedId[] {
  const chunkHits: RankedId[] = [];
  const fileHits: { path: string; score: number }[] = [];
  const pathOfHit = new Map<string, string>();
  for (const hit of index.search(query, Math.max(DEPTH, k * 4))) {
    if (hit.id.startsWith(FILE_ID)) fileHits.push({ path: hit.path, score: hit.score });
    else {
      chunkHits.push({ id: hit.id, score: hit.score });
      pathOfHit.set(hit.id, hit.path);
    }
  }
  return rankChunksByFile(
    {
      chunkHits,
      fileHits,
      pathOf: (id) => pathOfHit.get(id),
      firstChunkOf: (path) => index.firstChunkOf(path),
      chunkCountOf: (path) => index.chunkCountOf(path),
    },
    k,
    options,
  );
}
