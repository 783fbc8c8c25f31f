import { existsSync } from "node:fs";
import path from "node:path";
import { AppError } from "../errors";
import { assertPublicHost } from "../security/host-check";
import type { ListedFile, ReadByPath } from "./file-selection";
import { hashFolder, listFolder, readFolderFiles } from "./folder-tree";
import {
  describeGitFailure,
  fetchCommit,
  type GitOptions,
  isCommitSha,
  listTree,
  readBlobs,
  resolveRemoteCommit,
  runGit,
  type TreeEntry,
} from "./git";
import { readHead } from "./head-ref";
import type { RepoSource } from "./source";

/** The files of one pinned commit and a way to read them. */
export interface SourceTree {
  commit: string;
  entries: TreeEntry[];
  read(shas: string[]): Promise<Map<string, Buffer>>;
}

export interface AccessOptions {
  ref?: string;
  token?: string;
  signal?: AbortSignal;
  /** Where shallow clones are cached: DATA_DIR/repos. */
  cacheDir: string;
  /** CARTOGRAPH_ALLOW_PRIVATE_HOSTS: remotes on private addresses may be read. */
  allowPrivateHosts: boolean;
  /** GIT_TIMEOUT_MS: how long a remote may stay silent (default 120 s). */
  gitTimeoutMs?: number;
}

const DEFAULT_GIT_TIMEOUT_MS = 120_000;
/**
 * ls-remote answers in a second or two from any working host, and adding a repository
 * waits for it: past this the request fails rather than hangs.
 */
const RESOLVE_TIMEOUT_MS = 10_000;

/** Which commit the source's ref (or default branch) is now, without downloading it. */
export async function resolveCommit(
  source: RepoSource,
  options: AccessOptions,
): Promise<{ commit: string; defaultBranch: string | null }> {
  try {
    if (source.kind === "git") {
      const limit = Math.min(options.gitTimeoutMs ?? DEFAULT_GIT_TIMEOUT_MS, RESOLVE_TIMEOUT_MS);
      // ls-remote prints only once it has every ref: its silence limit bounds all of it.
      return await resolveRemoteCommit(source.url, options.ref, {
        ...(await gitOptions(source, options)),
        remoteTimeoutMs: limit,
      });
    }
    if (isGitRepository(source.path)) {
      // HEAD read from the repository's files: no git process for the common case.
      const head = options.ref ? null : await readHead(source.path);
      if (head) return { commit: head.commit, defaultBranch: head.branch };
      const branch = await runGit(["symbolic-ref", "--short", "-q", "HEAD"], {
        cwd: source.path,
      }).then(
        (output) => output.toString().trim() || null,
        () => null,
      );
      return { commit: await localCommit(source.path, options.ref), defaultBranch: branch };
    }
    if (options.ref)
      throw new AppError(
        "bad_request:repo",
        "A ref needs a git repository; that folder is not one",
      );
    return { commit: (await hashFolder(source.path)).commit, defaultBranch: null };
  } catch (error) {
    throw describeGitFailure(error);
  }
}

/** The files of `commit`: fetched shallowly into the cache for remotes, read in place for local folders. */
export async function openSourceTree(
  source: RepoSource,
  commit: string,
  options: AccessOptions,
): Promise<SourceTree> {
  try {
    if (source.kind === "git") {
      const gitDir = path.join(options.cacheDir, `${source.id.replace(/~/g, "__")}.git`);
      await fetchCommit(gitDir, source.url, commit, options.ref, await gitOptions(source, options));
      return gitTree(gitDir, commit);
    }
    if (isGitRepository(source.path)) return gitTree(source.path, commit);
    const folder = await hashFolder(source.path);
    if (folder.commit !== commit) {
      throw new AppError(
        "conflict:repo",
        "The folder changed while it was being indexed; add it again",
      );
    }
    return folder;
  } catch (error) {
    throw describeGitFailure(error);
  }
}

/**
 * A local source's files as the index lists them, at once: a git repository's commit
 * (HEAD) from git's own listing, a plain folder's files from the file system without
 * reading them. The folder's pseudo-commit is not computed here: hashing every file is
 * what costs seconds on a big folder, and this listing must not wait for it.
 */
export async function listLocalFiles(
  source: Extract<RepoSource, { kind: "local" }>,
): Promise<{ entries: ListedFile[]; read: ReadByPath }> {
  try {
    if (isGitRepository(source.path)) {
      const tree = await gitTree(source.path, await localCommit(source.path, undefined));
      return { entries: tree.entries, read: readTreeFiles(tree) };
    }
    return {
      entries: await listFolder(source.path),
      read: (paths) => readFolderFiles(source.path, paths),
    };
  } catch (error) {
    throw describeGitFailure(error);
  }
}

/** Reads a tree's files by path rather than by blob id. */
export function readTreeFiles(tree: SourceTree): ReadByPath {
  const shaOf = new Map(tree.entries.map((entry) => [entry.path, entry.sha]));
  return async (paths) => {
    const wanted = paths.flatMap((file) => {
      const sha = shaOf.get(file);
      return sha ? [{ file, sha }] : [];
    });
    const blobs = await tree.read(wanted.map(({ sha }) => sha));
    const read = new Map<string, Buffer>();
    for (const { file, sha } of wanted) {
      const bytes = blobs.get(sha);
      if (bytes) read.set(file, bytes);
    }
    return read;
  };
}

async function localCommit(folder: string, ref: string | undefined): Promise<string> {
  const output = await runGit(
    ["rev-parse", "--verify", "--end-of-options", `${ref ?? "HEAD"}^{commit}`],
    { cwd: folder },
  );
  return output.toString().trim();
}

/**
 * Git's options for a remote: the host is checked (again: time passed since the request)
 * right before each command, and git is pinned to the addresses that passed.
 */
async function gitOptions(
  source: Extract<RepoSource, { kind: "git" }>,
  options: AccessOptions,
): Promise<GitOptions> {
  const addresses = await assertPublicHost(source.host, {
    allowPrivate: options.allowPrivateHosts,
  });
  return {
    token: options.token,
    repoType: source.type,
    signal: options.signal,
    timeoutMs: 15 * 60_000,
    remoteTimeoutMs: options.gitTimeoutMs ?? DEFAULT_GIT_TIMEOUT_MS,
    pin: { host: source.host, port: 443, addresses },
  };
}

async function gitTree(gitDir: string, commit: string): Promise<SourceTree> {
  if (!isCommitSha(commit)) throw new AppError("bad_request:repo", "Not a commit id");
  return {
    commit,
    entries: await listTree(gitDir, commit),
    read: (shas) => readBlobs(gitDir, shas),
  };
}

/** A local folder that is a git repository (a work tree or a bare one), not a plain folder. */
export function isGitRepository(folder: string): boolean {
  return existsSync(path.join(folder, ".git")) || existsSync(path.join(folder, "HEAD"));
}
