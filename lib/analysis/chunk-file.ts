/**
 * Analysis of one source file for the index: retrieval chunks with exact line ranges, symbols
 * and imports. Syntax-aware for the languages with a grammar, heading-aware for Markdown, line
 * windows for everything else. Never throws for odd input: a parse failure falls back to windows.
 * It rejects only when a bundled grammar cannot be loaded at all (a broken installation).
 */
import {
  FALLBACK_WINDOW,
  sliceText,
  splitLines,
  trimBlankEdges,
  windowRanges,
} from "./line-windows";
import { planMarkdownChunks } from "./markdown-chunks";
import { outlineSource } from "./outline-source";
import { type PlannedChunk, planChunks } from "./plan-chunks";
import { outlineByPatterns } from "./regex-outline";
import { grammarFor } from "./tree-sitter-runtime";
import type { AnalyzeFileInput, Chunk, FileAnalysis, FileSymbol } from "./types";

export type { AnalyzeFileInput, Chunk, FileAnalysis, FileSymbol, SymbolKind } from "./types";

/** Beyond this a file is windowed without parsing: generated or vendored, rarely worth a tree. */
export const MAX_PARSE_CHARS = 1_000_000;
const MAX_WINDOW_LABEL_NAMES = 5;

export type AnalysisStrategy = "syntax" | "markdown" | "lines";

export async function analyzeFile(
  input: AnalyzeFileInput,
): Promise<FileAnalysis & { strategy: AnalysisStrategy }> {
  const lines = splitLines(input.content);
  if (input.content.trim() === "")
    return { chunks: [], symbols: [], imports: [], strategy: "lines" };

  if (input.language === "markdown") {
    return {
      chunks: toChunks(input, lines, planMarkdownChunks(lines)),
      symbols: [],
      imports: [],
      strategy: "markdown",
    };
  }

  const grammar = grammarFor(input.language);
  if (grammar && input.content.length <= MAX_PARSE_CHARS) {
    const outline = await outlineSource(grammar, input.content);
    if (outline) {
      return {
        chunks: toChunks(input, lines, planChunks(lines, outline.declarations)),
        symbols: outline.symbols,
        imports: outline.imports,
        strategy: "syntax",
      };
    }
  }

  const { symbols, imports } = grammar
    ? { symbols: [], imports: [] }
    : outlineByPatterns(input.language, lines);
  return {
    chunks: toChunks(input, lines, planWindows(lines, symbols)),
    symbols,
    imports,
    strategy: "lines",
  };
}

/** Overlapping windows over the file, each labelled with the symbols declared inside it. */
function planWindows(lines: readonly string[], symbols: readonly FileSymbol[]): PlannedChunk[] {
  const whole = trimBlankEdges(lines, { start: 1, end: lines.length });
  if (!whole) return [];
  return windowRanges(lines, whole, FALLBACK_WINDOW).map((range) => {
    const names = [
      ...new Set(
        symbols
          .filter((symbol) => symbol.line >= range.start && symbol.line <= range.end)
          .map((symbol) => symbol.name),
      ),
    ];
    if (names.length === 0) return { range };
    const shown = names.slice(0, MAX_WINDOW_LABEL_NAMES).join(", ");
    return { range, symbol: names.length > MAX_WINDOW_LABEL_NAMES ? `${shown}, …` : shown };
  });
}

function toChunks(
  input: AnalyzeFileInput,
  lines: readonly string[],
  planned: readonly PlannedChunk[],
): Chunk[] {
  return planned.map(({ range, symbol }) => ({
    path: input.path,
    startLine: range.start,
    endLine: range.end,
    ...(symbol ? { symbol } : {}),
    language: input.language,
    text: sliceText(lines, range),
  }));
}
