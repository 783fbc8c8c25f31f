import { decodeText } from "./file-filter";
import { readmeOf, selectFiles } from "./file-selection";
import type { RepoSource } from "./source";
import { listLocalFiles } from "./source-tree";

/** DeepWiki's `/local_repo/structure` answer. */
export interface LocalStructure {
  /** The paths the index takes, one a line, in path order. */
  file_tree: string;
  /** The README's content, or "" when there is none. */
  readme: string;
}

/**
 * A local repository's files as the index selects them (default filters) and its README,
 * from the commit's file list (git) or the folder's (plain folders), not from the index:
 * this answers within a second for tens of thousands of files, before any indexing.
 */
export async function localStructure(
  source: Extract<RepoSource, { kind: "local" }>,
  { maxFileBytes }: { maxFileBytes: number },
): Promise<LocalStructure> {
  const listing = await listLocalFiles(source);
  const { files } = await selectFiles(listing.entries, listing.read, {
    filters: {},
    maxFileBytes,
  });
  const readme = readmeOf(files);
  const bytes = readme ? (await listing.read([readme.path])).get(readme.path) : undefined;
  return {
    file_tree: files.map((file) => file.path).join("\n"),
    readme: (bytes && decodeText(bytes)) ?? "",
  };
}
