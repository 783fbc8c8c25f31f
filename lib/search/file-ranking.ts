/**
 * Ranks chunks by their file first. A file's score mixes how well the file as a whole matches
 * (its path, names and doc comments: `file-evidence.ts`) with its best chunk and with how much
 * of the file is about the question; each further chunk of the same file counts for less, so
 * one long file's many matching chunks do not crowd out the file that answers the question.
 */
import type { RankedId } from "./lexical-index";

export interface FileRankingOptions {
  /** Weight of the whole-file match against the best chunk's (0..1). */
  fileWeight: number;
  /** Each further chunk of a file is worth this fraction of the one before. */
  repeatDecay: number;
  /** Weight of a chunk's own match, to order chunks and break ties between files. */
  chunkWeight: number;
  /** Score factor for tests, examples and fixtures: they use a behaviour, rarely implement it. */
  supportingFileFactor: number;
  /**
   * Weight of the share of a file's chunks that match nearly as well as its best one. A file
   * named for a behaviour is about it throughout; a large file that lists everything (an
   * interface of every hook, a builder of every option) mentions it in one chunk of many.
   */
  focusWeight: number;
}

export const FILE_RANKING: FileRankingOptions = {
  fileWeight: 0.3,
  repeatDecay: 0.3,
  chunkWeight: 0.2,
  supportingFileFactor: 0.5,
  focusWeight: 0.3,
};

/** A chunk matching at least this fraction of its file's best chunk counts toward the focus. */
const FOCUS_THRESHOLD = 0.5;

/**
 * Tests, specs, examples, fixtures and mocks, by folder or file name, in the common spellings,
 * and change logs (they name every behaviour that ever changed, and implement none).
 */
const SUPPORTING_FILE =
  /(^|\/)(tests?|__tests__|spec|specs|examples?|_examples|fixtures?|mocks?|__mocks__|testdata)\/|([._-](test|spec)|_test|^test_|\/test_)[^/]*$|(^|\/)(tests?|conftest)\.\w+$|(^|\/)(changelog|changes|history|news)(\.(md|markdown|rst|txt|adoc))?$/i;

export function isSupportingFile(path: string): boolean {
  return SUPPORTING_FILE.test(path);
}

export interface FileRankingInput {
  chunkHits: readonly RankedId[];
  /** Whole-file matches, by path. */
  fileHits: readonly { path: string; score: number }[];
  pathOf: (chunkId: string) => string | undefined;
  /** The chunk that stands for a file matched as a whole but by none of its chunks. */
  firstChunkOf: (path: string) => string | undefined;
  /** How many chunks the file has in all, matching or not. */
  chunkCountOf: (path: string) => number;
}

export function rankChunksByFile(
  input: FileRankingInput,
  k: number,
  options: FileRankingOptions = FILE_RANKING,
): RankedId[] {
  const maxChunk = Math.max(0, ...input.chunkHits.map((hit) => hit.score)) || 1;
  const maxFile = Math.max(0, ...input.fileHits.map((hit) => hit.score)) || 1;
  const files = new Map<string, { fileMatch: number; chunks: RankedId[] }>();
  const fileOf = (path: string) => {
    let entry = files.get(path);
    if (!entry) {
      entry = { fileMatch: 0, chunks: [] };
      files.set(path, entry);
    }
    return entry;
  };
  for (const hit of input.fileHits) fileOf(hit.path).fileMatch = hit.score / maxFile;
  for (const hit of input.chunkHits) {
    const path = input.pathOf(hit.id);
    if (path) fileOf(path).chunks.push({ id: hit.id, score: hit.score / maxChunk });
  }
  const ranked: RankedId[] = [];
  for (const [path, entry] of files) {
    if (entry.chunks.length === 0) {
      const first = input.firstChunkOf(path);
      if (first) entry.chunks.push({ id: first, score: 0 });
    }
    const best = entry.chunks[0]?.score ?? 0;
    const focused = entry.chunks.filter((chunk) => chunk.score >= FOCUS_THRESHOLD * best).length;
    const focus = best > 0 ? focused / Math.max(focused, input.chunkCountOf(path)) : 0;
    const prior = isSupportingFile(path) ? options.supportingFileFactor : 1;
    const fileScore =
      prior *
      (options.fileWeight * entry.fileMatch +
        (1 - options.fileWeight) * best +
        options.focusWeight * focus);
    entry.chunks.forEach((chunk, index) => {
      ranked.push({
        id: chunk.id,
        score: fileScore * options.repeatDecay ** index + options.chunkWeight * chunk.score,
      });
    });
  }
  return ranked
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, Math.max(0, k));
}
