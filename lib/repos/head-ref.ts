import { readFileSync, type Stats, statSync } from "node:fs";
import path from "node:path";

const SHA = /^[0-9a-f]{40}$/;

// The files read here are a few dozen bytes: read synchronously, they cost microseconds,
// where the thread pool (shared with every other file and DNS request) can add
// milliseconds to each chat on a busy server.

/** Where a repository keeps its HEAD, and where its shared refs (they differ in a linked worktree). */
interface GitDirs {
  head: string;
  refs: string;
}

/**
 * The commit and branch of a local repository's HEAD read from its files, without starting
 * git (a process spawn blocks a large server's event loop for tens of milliseconds, and a
 * chat asks this every time). Null whenever the layout is anything git alone understands
 * (a ref that is not a branch, an unusual HEAD, another ref storage): the caller asks git.
 */
export async function readHead(
  folder: string,
): Promise<{ commit: string; branch: string | null } | null> {
  const dirs = gitDirsOf(folder);
  if (!dirs) return null;
  const head = readText(path.join(dirs.head, "HEAD"))?.trim();
  if (!head) return null;
  if (SHA.test(head)) return { commit: head, branch: null };
  const match = /^ref: (refs\/heads\/[^\s]+)$/.exec(head);
  if (!match || match[1].includes("..")) return null;
  const commit = refCommit(dirs.refs, match[1]);
  return commit ? { commit, branch: match[1].slice("refs/heads/".length) } : null;
}

/**
 * The commit a ref names in a local repository, read from its files like readHead: a full
 * commit id as it is, a tag or branch name from its loose file or packed-refs (a tag before
 * a branch, as git resolves them). Null for anything else (an expression, a short id, an
 * unusual layout): the caller asks git. An annotated tag's loose file holds the tag, not
 * its commit; that id matches no snapshot, so the caller asks git then too.
 */
export async function readRef(folder: string, ref: string): Promise<string | null> {
  if (SHA.test(ref.toLowerCase())) return ref.toLowerCase();
  if (!/^[A-Za-z0-9._/-]+$/.test(ref) || ref.includes("..") || ref.startsWith("refs/")) return null;
  const dirs = gitDirsOf(folder);
  if (!dirs) return null;
  // Names git would resolve before tags and branches (`<ref>`, `refs/<ref>`): leave to git.
  for (const dir of new Set([dirs.head, dirs.refs])) {
    for (const shadow of [ref, `refs/${ref}`]) {
      if (statIfPresent(path.join(dir, shadow))) return null;
    }
  }
  for (const candidate of [`refs/tags/${ref}`, `refs/heads/${ref}`]) {
    const commit = refCommit(dirs.refs, candidate, { peel: true });
    if (commit) return commit;
  }
  return null;
}

/**
 * A work tree's `.git` folder; a linked worktree's or submodule's, named by its `.git`
 * file (`gitdir:`), with the shared refs of its `commondir`; a bare repository itself.
 */
function gitDirsOf(folder: string): GitDirs | null {
  const dotGit = path.join(folder, ".git");
  const info = statIfPresent(dotGit);
  if (info?.isDirectory()) return { head: dotGit, refs: dotGit };
  if (info?.isFile()) {
    const pointer = /^gitdir: (.+)$/m.exec(readText(dotGit) ?? "");
    if (!pointer) return null;
    const head = path.resolve(folder, pointer[1].trim());
    if (!statIfPresent(path.join(head, "HEAD"))?.isFile()) return null;
    const common = readText(path.join(head, "commondir"))?.trim();
    const refs = common ? path.resolve(head, common) : head;
    return statIfPresent(refs)?.isDirectory() ? { head, refs } : null;
  }
  if (info) return null;
  const bare = statIfPresent(path.join(folder, "HEAD"));
  return bare?.isFile() ? { head: folder, refs: folder } : null;
}

/**
 * A ref's commit: its loose file, else its line in packed-refs (with `peel`, the peeled
 * line under it when there is one: an annotated tag's commit).
 */
function refCommit(gitDir: string, ref: string, { peel = false } = {}): string | null {
  const loose = readText(path.join(gitDir, ref))?.trim();
  if (loose !== undefined) return SHA.test(loose) ? loose : null;
  const lines = readText(path.join(gitDir, "packed-refs"))?.split("\n") ?? [];
  for (const [index, line] of lines.entries()) {
    const [sha, name] = line.trim().split(" ");
    if (name !== ref || !SHA.test(sha)) continue;
    const peeled = /^\^([0-9a-f]{40})$/.exec(lines[index + 1]?.trim() ?? "");
    return peel && peeled ? peeled[1] : sha;
  }
  return null;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function statIfPresent(file: string): Stats | null {
  try {
    return statSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}
