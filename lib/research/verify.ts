import { extractCitations } from "../chat/citations";
import type { Database } from "../db/client";
import { getLineCounts } from "../repos/queries";

export interface CheckedCitation {
  text: string;
  path: string;
  start_line: number;
  end_line: number;
  valid: boolean;
}

/** Every citation of the texts, checked against the snapshot: the file exists and holds the lines. */
export async function checkCitations(
  db: Database,
  snapshotId: string,
  texts: string[],
): Promise<CheckedCitation[]> {
  const found = texts.flatMap((text) => extractCitations(text));
  const lineCounts = await getLineCounts(db, {
    snapshotId,
    paths: [...new Set(found.map((citation) => citation.path))],
  });
  return found.map((citation) => {
    const lines = lineCounts.get(citation.path);
    return {
      text: citation.text,
      path: citation.path,
      start_line: citation.start_line,
      end_line: citation.end_line,
      valid:
        lines !== undefined &&
        citation.start_line >= 1 &&
        citation.start_line <= citation.end_line &&
        citation.end_line <= lines,
    };
  });
}

/**
 * The text with every citation that does not resolve rewritten as plain words, so nothing
 * unverified looks like a link: `src/x.ts:10-20` becomes `[unverified: src/x.ts, lines 10-20]`.
 */
export function unlinkInvalidCitations(text: string, citations: CheckedCitation[]): string {
  const invalid = new Set(citations.filter((c) => !c.valid).map((c) => c.text));
  if (invalid.size === 0) return text;
  const matches = extractCitations(text).filter((match) => invalid.has(match.text));
  let result = "";
  let cursor = 0;
  for (const match of matches) {
    const lines =
      match.start_line === match.end_line
        ? `line ${match.start_line}`
        : `lines ${match.start_line}-${match.end_line}`;
    result += `${text.slice(cursor, match.index)}[unverified: ${match.path}, ${lines}]`;
    cursor = match.index + match.text.length;
  }
  return result + text.slice(cursor);
}
