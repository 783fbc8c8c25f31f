import { verifyCitations } from "../chat/citations";
import type { Database } from "../db/client";
import type { WikiPageChecks } from "../protocol/wiki";
import { getLineCounts } from "../repos/queries";
import { citedPaths, verifyPageCitations } from "./checks";
import { blobsOf } from "./queries";

interface PageInSnapshot {
  snapshotId: string;
  content: string;
  filePaths: string[];
}

export interface CheckedPage {
  /** The content with every citation that does not hold unlinked. */
  content: string;
  invalidCitations: string[];
  /** The listed files the snapshot has. */
  filePaths: string[];
  /** Path → blob of every file the page lists or cites: what makes it stale later. */
  sources: Record<string, string>;
}

/**
 * Holds a page Cartograph wrote to the snapshot it is about: its citations are verified
 * (invalid ones unlinked), listed files it does not have are dropped, and the blobs of the
 * files it lists and cites are kept.
 */
export async function checkAgainstSnapshot(
  db: Database,
  page: PageInSnapshot,
): Promise<CheckedPage> {
  const { snapshotId } = page;
  const lineCounts = await getLineCounts(db, { snapshotId, paths: citedPaths(page.content) });
  const checked = verifyPageCitations(page.content, lineCounts);
  const blobs = await blobsOf(db, {
    snapshotId,
    paths: [...new Set([...page.filePaths, ...citedPaths(checked.content)])],
  });
  return {
    content: checked.content,
    invalidCitations: checked.invalid,
    filePaths: page.filePaths.filter((path) => blobs.has(path)),
    sources: Object.fromEntries(blobs),
  };
}

/**
 * Checks a page written elsewhere against the snapshot without touching its text: the
 * verdicts are returned beside it, with the blobs of the files it lists and validly cites.
 */
export async function checksAgainstSnapshot(
  db: Database,
  page: PageInSnapshot,
): Promise<{ checks: WikiPageChecks; sources: Record<string, string> }> {
  const { snapshotId } = page;
  const lineCounts = await getLineCounts(db, { snapshotId, paths: citedPaths(page.content) });
  const citations = verifyCitations(page.content, lineCounts);
  const cited = citations.filter((citation) => citation.valid).map((citation) => citation.path);
  const blobs = await blobsOf(db, {
    snapshotId,
    paths: [...new Set([...page.filePaths, ...cited])],
  });
  return {
    checks: {
      citations,
      missing_files: [...new Set(page.filePaths.filter((path) => !blobs.has(path)))],
    },
    sources: Object.fromEntries(blobs),
  };
}
