/**
 * What a file says about itself as a whole, for ranking files rather than passages: the words
 * of its path, the names it declares and the opening lines of its doc comments and
 * docstrings. A question phrased as behaviour ("where are failed requests retried with a
 * growing delay?") often matches how a file describes itself better than any one chunk.
 * Built from the chunks already stored, so nothing is read twice and no text is kept.
 */

export interface EvidenceChunk {
  path: string;
  symbol: string | null;
  text: string;
}

export interface FileEvidence {
  path: string;
  /** Declared names, space-separated (`Throttle ThrottleOpts.Limit`). */
  symbols: string;
  /** Doc comment and docstring lines, the first few of each chunk. */
  doc: string;
}

/** The first lines of each comment block are what it is about; the rest explains details. */
const LINES_PER_CHUNK = 6;
const LINES_PER_FILE = 80;

/** Line comments (`//`, `#`, `--`, `;`) and the body lines of block comments (`/*`, ` *`). */
const COMMENT_LINE =
  /^\s*(?:\/\/+|#(?![!\w]*\s*(?:include|define|if|pragma)\b)|--|;+|\/\*+|\*+(?!\/))\s?(.*)$/;
/** Python and similar docstrings. */
const DOCSTRING = /("""|''')([\s\S]*?)\1/g;

export function fileEvidence(chunks: readonly EvidenceChunk[]): FileEvidence[] {
  const byPath = new Map<string, { symbols: Set<string>; doc: string[] }>();
  for (const chunk of chunks) {
    let entry = byPath.get(chunk.path);
    if (!entry) {
      entry = { symbols: new Set(), doc: [] };
      byPath.set(chunk.path, entry);
    }
    if (chunk.symbol) for (const name of chunk.symbol.split(/[,\s]+/)) entry.symbols.add(name);
    if (entry.doc.length < LINES_PER_FILE) {
      const room = LINES_PER_FILE - entry.doc.length;
      entry.doc.push(...docLines(chunk.text).slice(0, Math.min(room, LINES_PER_CHUNK)));
    }
  }
  return [...byPath].map(([path, entry]) => ({
    path,
    symbols: [...entry.symbols].join(" "),
    doc: entry.doc.join("\n"),
  }));
}

/** The doc lines of a chunk: docstrings first, then comment lines, in order, non-empty. */
export function docLines(text: string): string[] {
  const lines: string[] = [];
  for (const match of text.matchAll(DOCSTRING)) {
    lines.push(...match[2].split("\n").map((line) => line.trim()));
  }
  for (const line of text.split("\n")) {
    const comment = COMMENT_LINE.exec(line);
    if (comment) lines.push(comment[1].trim());
  }
  return lines.filter((line) => /\p{L}{3}/u.test(line));
}
