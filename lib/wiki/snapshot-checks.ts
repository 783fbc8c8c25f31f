import type { Database } from "../db/client";
import { getLineCounts } from "../repos/queries";
import { citedPaths, verifyPageCitations } from "./checks";
import { blobsOf } from "./queries";

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
 * Holds a page to the snapshot it is about, whoever wrote it: its citations are verified
 * (invalid ones unlinked), listed files it does not have are dropped, and the blobs of the
 * files it lists and cites are kept.
 */
export async function checkAgainstSnapshot(
  db: Database,
  page: { snapshotId: string; content: string; filePaths: string[] },
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
