import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const SHA = /^[0-9a-f]{40}$/;

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

/** `.git` when it is a directory, the folder itself when it is a bare repository. */
async function plainGitDir(folder: string): Promise<string | null> {
  const dotGit = path.join(folder, ".git");
  const info = await stat(dotGit).catch(() => null);
  if (info?.isDirectory()) return dotGit;
  if (info) return null; // a `gitdir:` file: a linked worktree or submodule
  const bare = await stat(path.join(folder, "HEAD")).catch(() => null);
  return bare?.isFile() ? folder : null;
}

/** A branch's commit: its loose ref file, else its line in packed-refs. */
async function refCommit(gitDir: string, ref: string): Promise<string | null> {
  const loose = (await readText(path.join(gitDir, ref)))?.trim();
  if (loose !== undefined) return SHA.test(loose) ? loose : null;
  const packed = await readText(path.join(gitDir, "packed-refs"));
  for (const line of packed?.split("\n") ?? []) {
    const [sha, name] = line.trim().split(" ");
    if (name === ref && SHA.test(sha)) return sha;
  }
  return null;
}

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}
