/** Assertions shared by the chunker tests (imported only by `*.test.ts`). */
import { expect } from "vitest";
import type { Chunk } from "./types";

/** 1-based line of the first line containing `needle` (after `after`, if given). */
export function lineOf(content: string, needle: string, after = 0): number {
  const index = content.split("\n").findIndex((line, i) => i >= after && line.includes(needle));
  if (index === -1) throw new Error(`Sample has no line containing ${needle}`);
  return index + 1;
}

/**
 * Every chunk's text is exactly its lines of the file, chunks are in order (without overlap
 * unless `overlapping`), and every non-blank line belongs to a chunk.
 */
export function expectExactChunks(
  content: string,
  chunks: readonly Chunk[],
  { overlapping = false } = {},
): void {
  const lines = content.split("\n");
  let previousStart = 0;
  let previousEnd = 0;
  const covered = new Set<number>();
  for (const chunk of chunks) {
    expect(chunk.text).toBe(lines.slice(chunk.startLine - 1, chunk.endLine).join("\n"));
    expect(chunk.startLine).toBeGreaterThan(overlapping ? previousStart : previousEnd);
    previousStart = chunk.startLine;
    expect(chunk.endLine).toBeGreaterThanOrEqual(chunk.startLine);
    previousEnd = chunk.endLine;
    for (let line = chunk.startLine; line <= chunk.endLine; line++) covered.add(line);
  }
  const uncovered = lines
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line, number }) => line.trim() !== "" && !covered.has(number))
    .map(({ number }) => number);
  expect(uncovered).toEqual([]);
}
