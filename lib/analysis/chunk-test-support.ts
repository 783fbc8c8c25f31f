/** Assertions shared by the chunker tests (imported only by `*.test.ts`). */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { analyzeFile } from "./chunk-file";
import { OVERSIZE_WINDOW } from "./line-windows";
import { CHUNK_MAX_CHARS, CHUNK_MAX_LINES } from "./plan-chunks";
import type { Chunk, FileSymbol } from "./types";

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

/** A file of `fixtures/` (real sources, see its README), read as the index would read it. */
export function readFixture(relativePath: string): string {
  return readFileSync(new URL(`./fixtures/${relativePath}`, import.meta.url), "utf8");
}

/** Analyses a fixture, checking what holds for every file: exact, covering, bounded chunks. */
export async function analyzeFixture(
  relativePath: string,
  language: string,
  { overlapping = false } = {},
): Promise<{ content: string; result: Awaited<ReturnType<typeof analyzeFile>> }> {
  const content = readFixture(relativePath);
  const result = await analyzeFile({ path: relativePath, language, content });
  expect(result.strategy).toBe("syntax");
  expectExactChunks(content, result.chunks, { overlapping });
  for (const chunk of result.chunks) {
    expect(chunk.endLine - chunk.startLine + 1).toBeLessThanOrEqual(CHUNK_MAX_LINES);
    // Pieces of an oversized declaration may reach the window's bound, a little above a chunk's.
    expect(chunk.text.length).toBeLessThanOrEqual(
      Math.max(CHUNK_MAX_CHARS, OVERSIZE_WINDOW.maxChars),
    );
  }
  return { content, result };
}

/** The chunk labelled with `name` (alone or among others); fails the test when there is none. */
export function chunkNamed(chunks: readonly Chunk[], name: string): Chunk {
  const chunk = chunks.find((candidate) => candidate.symbol?.split(", ").includes(name));
  if (!chunk) throw new Error(`No chunk is labelled ${name}`);
  return chunk;
}

/** Symbols as `name kind line`, with ` exported` when they are: one line to compare each. */
export function describeSymbols(symbols: readonly FileSymbol[]): string[] {
  return symbols.map(
    (symbol) => `${symbol.name} ${symbol.kind} ${symbol.line}${symbol.exported ? " exported" : ""}`,
  );
}
