import path from "node:path";
import { createGitignoreFilter, createPathFilter, parsePatternList } from "./file-filter";
import type { SnapshotFilters } from "./repository-source";

/** A file as a listing of a commit or folder gives it, before anything is read. */
export interface ListedFile {
  path: string;
  size: number;
}

/** Reads files of a listing by path; a file that cannot be read is absent from the map. */
export type ReadByPath = (paths: string[]) => Promise<Map<string, Buffer>>;

/**
 * The files the index takes from a listing: default exclusions, the user's patterns, then
 * the tree's `.gitignore` files. The index and `/local_repo/structure` both select with it.
 */
export async function selectFiles<Entry extends ListedFile>(
  entries: Entry[],
  read: ReadByPath,
  options: { filters: SnapshotFilters; maxFileBytes: number },
): Promise<{ files: Entry[]; skipped: string[] }> {
  const gitignores = entries.filter((entry) => path.posix.basename(entry.path) === ".gitignore");
  const contents = await read(gitignores.map((entry) => entry.path));
  const ignored = createGitignoreFilter(
    gitignores.map((entry) => ({
      dir: path.posix.dirname(entry.path) === "." ? "" : path.posix.dirname(entry.path),
      content: contents.get(entry.path)?.toString("utf8") ?? "",
    })),
  );
  const { filters } = options;
  const keep = createPathFilter({
    excludedDirs: parsePatternList(filters.excluded_dirs),
    excludedFiles: parsePatternList(filters.excluded_files),
    includedDirs: parsePatternList(filters.included_dirs),
    includedFiles: parsePatternList(filters.included_files),
    maxFileBytes: options.maxFileBytes,
  });
  const files: Entry[] = [];
  const skipped: string[] = [];
  for (const entry of entries) {
    const verdict = keep(entry.path, entry.size);
    if (!verdict.keep) skipped.push(verdict.reason);
    else if (ignored(entry.path)) skipped.push(".gitignore");
    else files.push(entry);
  }
  return { files, skipped };
}

/** The README at the root of a selection: `README.md` first, else `README`, `readme.rst`, …. */
export function readmeOf<Entry extends ListedFile>(files: Entry[]): Entry | undefined {
  return (
    files.find((file) => /^readme\.md$/i.test(file.path)) ??
    files.find((file) => /^readme(\.\w+)?$/i.test(file.path))
  );
}
