import type { Citation } from "../protocol/chat";

// `path:12` or `path:12-30` (also `L12-L30`), where path has a folder or an extension.
const CITATION =
  /(?<![\w/.-])((?:[\w@.-]+\/)*[\w@.-]+\.[A-Za-z0-9]+|(?:[\w@.-]+\/)+[\w@.-]+):L?(\d+)(?:-L?(\d+))?/g;

export interface CitationMatch {
  text: string;
  path: string;
  start_line: number;
  end_line: number;
  index: number;
}

/** Every `path:line` or `path:start-end` mention in a text, in order. */
export function extractCitations(text: string): CitationMatch[] {
  const found: CitationMatch[] = [];
  for (const match of text.matchAll(CITATION)) {
    const start = Number(match[2]);
    const end = match[3] ? Number(match[3]) : start;
    found.push({
      text: match[0],
      path: match[1].replace(/^\.\//, ""),
      start_line: start,
      end_line: end,
      index: match.index ?? 0,
    });
  }
  return found;
}

/**
 * A citation holds when the file is in the snapshot and the range lies within it.
 * `lineCounts` maps each path of the snapshot to its number of lines.
 */
export function verifyCitations(text: string, lineCounts: ReadonlyMap<string, number>): Citation[] {
  const seen = new Set<string>();
  const citations: Citation[] = [];
  for (const match of extractCitations(text)) {
    if (seen.has(match.text)) continue;
    seen.add(match.text);
    const lines = lineCounts.get(match.path);
    const valid =
      lines !== undefined &&
      match.start_line >= 1 &&
      match.start_line <= match.end_line &&
      match.end_line <= lines;
    citations.push({
      text: match.text,
      path: match.path,
      start_line: match.start_line,
      end_line: match.end_line,
      valid,
    });
  }
  return citations;
}
