import type { Database } from "../db/client";
import { formatPassage } from "../llm/prompts/ask";
import { estimateTokens, TokenBudget } from "../llm/token-budget";
import { getFileWithContent } from "../repos/queries";
import type { SearchResult, SnapshotSearch } from "../search/retrieval";
import { normalizeQuery } from "./input";

const RESULTS_PER_QUERY = 8;

export interface RetrievalRound {
  /** The queries actually run (new ones only). */
  queries: string[];
  /** New passages that fit the budget, best first, formatted for the model. */
  passages: SearchResult[];
  files: { path: string; text: string; truncated: boolean }[];
  /** Results found but already read in an earlier iteration. */
  skipped: number;
}

/** Queries not run before (in this round or earlier), in order, without repeats. */
export function newQueries(candidates: string[], alreadyRun: string[]): string[] {
  const seen = new Set(alreadyRun.map(normalizeQuery));
  const fresh: string[] = [];
  for (const candidate of candidates) {
    const key = normalizeQuery(candidate);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    fresh.push(candidate.trim());
  }
  return fresh;
}

/**
 * Runs the queries and reads what they find that was not read before: files asked for
 * in full first (each at most half of what is left), then passages, alternating between
 * queries so each one contributes its best results.
 */
export async function retrieveRound(
  deps: { db: Database; search: SnapshotSearch },
  input: {
    snapshotId: string;
    queries: string[];
    files: string[];
    readChunkIds: ReadonlySet<number>;
    readFiles: ReadonlySet<string>;
    budget: TokenBudget;
    signal: AbortSignal;
    perQuery?: number;
    onQuery?: (query: string, found: number, fresh: number) => void;
  },
): Promise<RetrievalRound> {
  const files: RetrievalRound["files"] = [];
  for (const path of input.files) {
    const clean = path.replace(/^\.?\//, "").replace(/:\d+(-\d+)?$/, "");
    if (input.readFiles.has(clean) || files.some((file) => file.path === clean)) continue;
    const file = await getFileWithContent(deps.db, { snapshotId: input.snapshotId, path: clean });
    if (!file) continue;
    const numbered = formatPassage({
      path: file.path,
      start_line: 1,
      end_line: file.content.replace(/\n$/, "").split("\n").length,
      text: file.content.replace(/\n$/, ""),
    });
    // A file gets at most half of what is left, so passages still fit.
    const share = new TokenBudget(Math.floor(input.budget.left / 2));
    const taken = share.left > 200 ? share.takeTruncated(numbered) : null;
    if (!taken) continue;
    input.budget.spend(estimateTokens(taken.text));
    files.push({ path: file.path, text: taken.text, truncated: taken.truncated });
  }

  const limit = input.perQuery ?? RESULTS_PER_QUERY;
  const perQuery: SearchResult[][] = [];
  let skipped = 0;
  for (const query of input.queries) {
    input.signal.throwIfAborted();
    const results = await deps.search.search(
      input.snapshotId,
      query,
      limit + input.readChunkIds.size,
      input.signal,
    );
    const fresh = results.filter(
      (result) => !input.readChunkIds.has(result.chunk_id) && !input.readFiles.has(result.path),
    );
    skipped += results.length - fresh.length;
    perQuery.push(fresh.slice(0, limit));
    input.onQuery?.(query, results.length, fresh.length);
  }

  const passages: SearchResult[] = [];
  const taken = new Set<number>();
  for (let rank = 0; rank < limit; rank++) {
    for (const results of perQuery) {
      const result = results[rank];
      if (!result || taken.has(result.chunk_id) || files.some((f) => f.path === result.path))
        continue;
      if (!input.budget.take(formatPassage(result))) continue;
      taken.add(result.chunk_id);
      passages.push(result);
    }
  }
  return { queries: input.queries, passages, files, skipped };
}
