import { citationHolds, extractCitations, unlinkCitations } from "../chat/citations";
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
  return found.map((citation) => ({
    text: citation.text,
    path: citation.path,
    start_line: citation.start_line,
    end_line: citation.end_line,
    valid: citationHolds(citation, lineCounts),
  }));
}

/** The text with every citation that does not resolve rewritten as plain words (see `unlinkCitations`). */
export function unlinkInvalidCitations(text: string, citations: CheckedCitation[]): string {
  return unlinkCitations(text, new Set(citations.filter((c) => !c.valid).map((c) => c.text)));
}
