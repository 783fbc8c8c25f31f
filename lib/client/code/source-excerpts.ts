import type { FileResponse } from "../repos/repo-schemas";
import { fetchFile } from "../repos/repos-api";
import { splitLines } from "./syntax-highlight";

// The lines a source card or a citation shows, read from the source API: one request per
// file and commit, kept in a small cache (the most recently used files) for the page.

/** Files kept: enough for an answer's cards and popovers, bounded however long the page lives. */
export const MAX_CACHED_FILES = 40;

export interface SourceFile {
  path: string;
  language: string | null;
  lines: string[];
}

/** A map that forgets its least recently used entry beyond `limit`. */
export class RecentCache<Value> {
  private readonly entries = new Map<string, Value>();
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Value | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: Value): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

const files = new RecentCache<Promise<SourceFile>>(MAX_CACHED_FILES);

/** The key of a file at a commit (no commit: the latest snapshot). */
export const sourceFileKey = (repoId: string, path: string, ref?: string | null) =>
  `${repoId}\u0000${ref ?? ""}\u0000${path}`;

/** A file's lines at a commit, read once; a failed read is forgotten so it can be tried again. */
export function readSourceFile(
  repoId: string,
  path: string,
  ref?: string | null,
  read: (repoId: string, path: string, ref?: string) => Promise<FileResponse> = fetchFile,
): Promise<SourceFile> {
  const key = sourceFileKey(repoId, path, ref);
  const known = files.get(key);
  if (known) return known;
  const pending = read(repoId, path, ref ?? undefined).then((file) => ({
    path: file.path,
    language: file.language,
    lines: splitLines(file.content),
  }));
  pending.catch(() => files.delete(key));
  files.set(key, pending);
  return pending;
}

/** Lines `start`–`end` of a file, at most `max` of them (the rest is counted), 1-based. */
export function excerptOf(
  lines: readonly string[],
  range: { start: number; end: number },
  max: number,
): { first: number; lines: string[]; more: number } {
  const first = Math.max(1, Math.min(range.start, range.end));
  const last = Math.min(lines.length, Math.max(range.start, range.end));
  if (first > last) return { first, lines: [], more: 0 };
  const shown = lines.slice(first - 1, Math.min(last, first - 1 + max));
  return { first, lines: shown, more: last - first + 1 - shown.length };
}
