import { createHash } from "node:crypto";
import { constants, type Dirent, readdirSync, type Stats, statSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { AppError } from "../errors";
import { logger } from "../log";
import { isDefaultExcludedDir } from "./file-filter";
import type { ListedFile } from "./file-selection";
import type { TreeEntry } from "./git";
import type { SourceTree } from "./source-tree";

// Plain folders (not git repositories) under an allowed root: listed, read and hashed
// into a pseudo-commit here.

const log = logger("repos");

/** Git's blob id of some bytes, so folder snapshots share blob reuse with git ones. */
export function gitBlobSha(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** Files of a plain folder read at once. */
const FOLDER_IO_CONCURRENCY = 32;
/** Directory entries or stat calls between two turns of the event loop. */
const FS_SLICE = 2_000;
/** Bigger files are fingerprinted by size and time only; the index excludes them anyway. */
const MAX_HASHED_BYTES = 5 * 1024 * 1024;

interface FolderFile extends ListedFile {
  mtimeMs: number;
}

/**
 * A plain folder's files with their sizes, in path order, as the file walk sees them
 * (dependency, build and VCS folders are not entered, links are not followed). Nothing is
 * read. The file system is asked synchronously, a slice at a time: for metadata that is
 * several times faster than the thread pool and does not queue behind the server's other
 * work, and between slices the server goes on (20,000 files take about 0.2 s).
 */
export async function listFolder(root: string, maxFiles = 100_000): Promise<FolderFile[]> {
  const paths: string[] = [];
  const folders = [""];
  let sinceBreak = 0;
  for (let relative = folders.pop(); relative !== undefined; relative = folders.pop()) {
    const dirents = readdirIfPresent(path.join(root, relative), relative === "");
    for (const dirent of dirents) {
      const child = relative ? `${relative}/${dirent.name}` : dirent.name;
      if (dirent.isDirectory()) {
        if (!isDefaultExcludedDir(dirent.name)) folders.push(child);
      } else if (dirent.isFile()) {
        if (paths.length >= maxFiles)
          throw new AppError("bad_request:repo", "That folder has too many files");
        paths.push(child);
      }
    }
    sinceBreak += dirents.length;
    if (sinceBreak >= FS_SLICE) {
      sinceBreak = 0;
      await yieldToEventLoop();
    }
  }
  paths.sort(byPath);
  const files: FolderFile[] = [];
  for (let start = 0; start < paths.length; start += FS_SLICE) {
    if (start > 0) await yieldToEventLoop();
    for (const file of paths.slice(start, start + FS_SLICE)) {
      // A file removed since its folder was read is simply not part of it.
      const info = statIfPresent(path.join(root, file));
      if (info) files.push({ path: file, size: info.size, mtimeMs: info.mtimeMs });
    }
  }
  return files;
}

/** A subfolder that went away or cannot be read is left out; the folder itself must be readable. */
function readdirIfPresent(folder: string, required: boolean): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    if (required) throw error;
    return [];
  }
}

function statIfPresent(file: string): Stats | null {
  try {
    return statSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
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
  const started = performance.now();
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
  // Seconds of reading on a big folder: worth a line (and chats must never cause one).
  log.info("hashed a local folder", {
    files: entries.length,
    ms: Math.round(performance.now() - started),
  });
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

/**
 * A plain folder's fingerprint from its listing alone (paths, sizes, modification times):
 * it changes whenever a file is added, removed or written, and reads no file.
 */
export async function folderSignature(root: string): Promise<string> {
  const digest = createHash("sha1");
  for (const file of await listFolder(root)) {
    digest.update(`${file.path}\0${file.size}\0${file.mtimeMs}\n`);
  }
  return digest.digest("hex");
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
