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
    const valid = citationHolds(match, lineCounts);
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

/** The file is in the snapshot (`lineCounts` maps its paths to line counts) and holds the range. */
export function citationHolds(
  citation: { path: string; start_line: number; end_line: number },
  lineCounts: ReadonlyMap<string, number>,
): boolean {
  const lines = lineCounts.get(citation.path);
  return (
    lines !== undefined &&
    citation.start_line >= 1 &&
    citation.start_line <= citation.end_line &&
    citation.end_line <= lines
  );
}

/**
 * The text with the citations named in `invalid` rewritten as plain words, so nothing
 * unverified looks like (or is linked as) a citation: `src/x.ts:10-20` becomes
 * `[unverified: src/x.ts, lines 10-20]`.
 */
export function unlinkCitations(text: string, invalid: ReadonlySet<string>): string {
  if (invalid.size === 0) return text;
  let result = "";
  let cursor = 0;
  for (const match of extractCitations(text)) {
    if (!invalid.has(match.text)) continue;
    const lines =
      match.start_line === match.end_line
        ? `line ${match.start_line}`
        : `lines ${match.start_line}-${match.end_line}`;
    result += `${text.slice(cursor, match.index)}[unverified: ${match.path}, ${lines}]`;
    cursor = match.index + match.text.length;
  }
  return result + text.slice(cursor);
}
