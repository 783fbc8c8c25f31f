import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../errors";
import { isDefaultExcludedDir } from "./file-filter";
import type { ListedFile } from "./file-selection";
import type { TreeEntry } from "./git";
import type { SourceTree } from "./source-tree";

// Plain folders (not git repositories) under an allowed root: listed, read and hashed
// into a pseudo-commit here.

/** Git's blob id of some bytes, so folder snapshots share blob reuse with git ones. */
export function gitBlobSha(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** Files of a plain folder read at once, and stat calls in flight. */
const FOLDER_IO_CONCURRENCY = 32;
/** Bigger files are fingerprinted by size and time only; the index excludes them anyway. */
const MAX_HASHED_BYTES = 5 * 1024 * 1024;

interface FolderFile extends ListedFile {
  mtimeMs: number;
}

/**
 * A plain folder's files with their sizes, in path order, as the file walk sees them
 * (dependency, build and VCS folders are not entered, links are not followed). Nothing is
 * read: 20,000 files are listed in a fraction of a second.
 */
export async function listFolder(root: string, maxFiles = 100_000): Promise<FolderFile[]> {
  const paths: string[] = [];
  const visit = async (relative: string) => {
    const folders: string[] = [];
    for (const dirent of await readdir(path.join(root, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${dirent.name}` : dirent.name;
      if (dirent.isDirectory()) {
        if (!isDefaultExcludedDir(dirent.name)) folders.push(child);
      } else if (dirent.isFile()) {
        if (paths.length >= maxFiles)
          throw new AppError("bad_request:repo", "That folder has too many files");
        paths.push(child);
      }
    }
    for (const folder of folders) await visit(folder);
  };
  await visit("");
  paths.sort(byPath);
  const files = await mapConcurrently(paths, async (file): Promise<FolderFile | null> => {
    // A file removed since the folder was read is simply not part of it.
    const info = await stat(path.join(root, file)).catch(() => null);
    return info ? { path: file, size: info.size, mtimeMs: info.mtimeMs } : null;
  });
  return files.filter((file) => file !== null);
}

/** Reads files of a plain folder; a file that became a link or went away is left out. */
export async function readFolderFiles(root: string, paths: string[]): Promise<Map<string, Buffer>> {
  const contents = await mapConcurrently(paths, (file) => readFolderFile(root, file));
  const read = new Map<string, Buffer>();
  paths.forEach((file, index) => {
    const bytes = contents[index];
    if (bytes) read.set(file, bytes);
  });
  return read;
}

async function readFolderFile(root: string, file: string): Promise<Buffer | null> {
  try {
    const handle = await open(path.join(root, file), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/**
 * A plain folder as a tree: every file with its blob id, and a "commit" that is the
 * digest of all paths and ids, so an unchanged folder maps to the same snapshot. Reading
 * every file is what makes this sound, and what makes it cost seconds on a big folder.
 */
export async function hashFolder(root: string): Promise<SourceTree> {
  const listed = await listFolder(root);
  const hashed = await mapConcurrently(listed, async (file): Promise<TreeEntry | null> => {
    if (file.size > MAX_HASHED_BYTES) {
      const sha = createHash("sha1").update(`${file.path}:${file.size}:${file.mtimeMs}`);
      return { path: file.path, sha: sha.digest("hex"), size: file.size };
    }
    const bytes = await readFolderFile(root, file.path);
    return bytes && { path: file.path, sha: gitBlobSha(bytes), size: bytes.length };
  });
  const entries = hashed.filter((entry) => entry !== null);
  const pathOfSha = new Map(entries.map((entry) => [entry.sha, entry.path]));
  const digest = createHash("sha1");
  for (const entry of entries) digest.update(`${entry.path}\0${entry.sha}\n`);
  return {
    commit: digest.digest("hex"),
    entries,
    async read(shas) {
      const wanted = shas.flatMap((sha) => {
        const file = pathOfSha.get(sha);
        return file ? [{ sha, file }] : [];
      });
      const files = await readFolderFiles(
        root,
        wanted.map(({ file }) => file),
      );
      const blobs = new Map<string, Buffer>();
      for (const { sha, file } of wanted) {
        const bytes = files.get(file);
        if (bytes) blobs.set(sha, bytes);
      }
      return blobs;
    },
  };
}

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `work` over every item, a bounded number at a time, results in the items' order. */
async function mapConcurrently<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(FOLDER_IO_CONCURRENCY, items.length) }, worker));
  return results;
}
