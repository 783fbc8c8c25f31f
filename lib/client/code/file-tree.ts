import type { TreeFile } from "../repos/repo-schemas";

export interface TreeFolder {
  name: string;
  /** "" for the root, else e.g. "src/lib". */
  path: string;
  folders: TreeFolder[];
  files: TreeFile[];
  /** Files anywhere below, for the count beside a collapsed folder. */
  fileCount: number;
}

const byName = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Nests a flat, path-sorted or unsorted list of files; folders first, then files, by name. */
export function buildFileTree(files: readonly TreeFile[]): TreeFolder {
  const root: TreeFolder = { name: "", path: "", folders: [], files: [], fileCount: 0 };
  const folders = new Map<string, TreeFolder>([["", root]]);

  const folderAt = (path: string): TreeFolder => {
    const known = folders.get(path);
    if (known) return known;
    const slash = path.lastIndexOf("/");
    const parent = folderAt(slash < 0 ? "" : path.slice(0, slash));
    const folder: TreeFolder = {
      name: path.slice(slash + 1),
      path,
      folders: [],
      files: [],
      fileCount: 0,
    };
    parent.folders.push(folder);
    folders.set(path, folder);
    return folder;
  };

  for (const file of files) {
    const slash = file.path.lastIndexOf("/");
    folderAt(slash < 0 ? "" : file.path.slice(0, slash)).files.push(file);
  }
  const finish = (folder: TreeFolder): number => {
    folder.folders.sort((a, b) => byName.compare(a.name, b.name));
    folder.files.sort((a, b) => byName.compare(baseName(a.path), baseName(b.path)));
    folder.fileCount = folder.files.length;
    for (const child of folder.folders) folder.fileCount += finish(child);
    return folder.fileCount;
  };
  finish(root);
  return root;
}

export const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** The folders that contain a path, outermost first: "a/b/c.ts" → ["a", "a/b"]. */
export function ancestorFolders(path: string): string[] {
  const parts = path.split("/").slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join("/"));
}

/**
 * Files whose path holds every word of the query (any case), best first: a match in the
 * file name before a match only in its folders, then shorter paths. At most `limit`.
 */
export function filterFiles(
  files: readonly TreeFile[],
  query: string,
  limit = 200,
): { matches: TreeFile[]; total: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { matches: [], total: 0 };
  const scored: { file: TreeFile; rank: number }[] = [];
  for (const file of files) {
    const path = file.path.toLowerCase();
    if (!words.every((word) => path.includes(word))) continue;
    const name = baseName(path);
    const inName = words.filter((word) => name.includes(word)).length;
    scored.push({ file, rank: (words.length - inName) * 10_000 + path.length });
  }
  scored.sort((a, b) => a.rank - b.rank || byName.compare(a.file.path, b.file.path));
  return { matches: scored.slice(0, limit).map((entry) => entry.file), total: scored.length };
}
