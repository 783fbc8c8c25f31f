import { readFileSync, type Stats, statSync } from "node:fs";
import path from "node:path";

const SHA = /^[0-9a-f]{40}$/;

// The files read here are a few dozen bytes: read synchronously, they cost microseconds,
// where the thread pool (shared with every other file and DNS request) can add
// milliseconds to each chat on a busy server.

/**
 * The commit and branch of a local repository's HEAD read from its files, without starting
 * git (a process spawn blocks a large server's event loop for tens of milliseconds, and a
 * chat asks this every time). Null whenever the layout is anything but the plain one (a
 * linked worktree, a ref that is not a branch, an unusual HEAD): the caller asks git.
 */
export async function readHead(
  folder: string,
): Promise<{ commit: string; branch: string | null } | null> {
  const gitDir = await plainGitDir(folder);
  if (!gitDir) return null;
  const head = (await readText(path.join(gitDir, "HEAD")))?.trim();
  if (!head) return null;
  if (SHA.test(head)) return { commit: head, branch: null };
  const match = /^ref: (refs\/heads\/[^\s]+)$/.exec(head);
  if (!match || match[1].includes("..")) return null;
  const commit = await refCommit(gitDir, match[1]);
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
  const gitDir = await plainGitDir(folder);
  if (!gitDir) return null;
  // Names git would resolve before tags and branches (`<ref>`, `refs/<ref>`): leave to git.
  for (const shadow of [ref, `refs/${ref}`]) {
    if (statIfPresent(path.join(gitDir, shadow))) return null;
  }
  for (const candidate of [`refs/tags/${ref}`, `refs/heads/${ref}`]) {
    const commit = await refCommit(gitDir, candidate, { peel: true });
    if (commit) return commit;
  }
  return null;
}

/** `.git` when it is a directory, the folder itself when it is a bare repository. */
async function plainGitDir(folder: string): Promise<string | null> {
  const dotGit = path.join(folder, ".git");
  const info = statIfPresent(dotGit);
  if (info?.isDirectory()) return dotGit;
  if (info) return null; // a `gitdir:` file: a linked worktree or submodule
  const bare = statIfPresent(path.join(folder, "HEAD"));
  return bare?.isFile() ? folder : null;
}

/**
 * A ref's commit: its loose file, else its line in packed-refs (with `peel`, the peeled
 * line under it when there is one: an annotated tag's commit).
 */
async function refCommit(
  gitDir: string,
  ref: string,
  { peel = false } = {},
): Promise<string | null> {
  const loose = (await readText(path.join(gitDir, ref)))?.trim();
  if (loose !== undefined) return SHA.test(loose) ? loose : null;
  const lines = (await readText(path.join(gitDir, "packed-refs")))?.split("\n") ?? [];
  for (const [index, line] of lines.entries()) {
    const [sha, name] = line.trim().split(" ");
    if (name !== ref || !SHA.test(sha)) continue;
    const peeled = /^\^([0-9a-f]{40})$/.exec(lines[index + 1]?.trim() ?? "");
    return peel && peeled ? peeled[1] : sha;
  }
  return null;
}

async function readText(file: string): Promise<string | undefined> {
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
