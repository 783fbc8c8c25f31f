import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../errors";
import { assertPublicHost } from "../security/host-check";
import { isDefaultExcludedDir } from "./file-filter";
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
      const ref = options.ref ?? "HEAD";
      const commit = (
        await runGit(["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`], {
          cwd: source.path,
        })
      )
        .toString()
        .trim();
      const branch = await runGit(["symbolic-ref", "--short", "-q", "HEAD"], {
        cwd: source.path,
      }).then(
        (output) => output.toString().trim() || null,
        () => null,
      );
      return { commit, defaultBranch: branch };
    }
    if (options.ref)
      throw new AppError(
        "bad_request:repo",
        "A ref needs a git repository; that folder is not one",
      );
    return { commit: (await walkFolder(source.path)).commit, defaultBranch: null };
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
    const folder = await walkFolder(source.path);
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

function isGitRepository(folder: string): boolean {
  return existsSync(path.join(folder, ".git")) || existsSync(path.join(folder, "HEAD"));
}

/** Git's blob id of some bytes, so folder snapshots share blob reuse with git ones. */
export function gitBlobSha(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * A plain folder as a tree: every file with its blob id, and a "commit" that is the
 * digest of all paths and ids, so an unchanged folder maps to the same snapshot.
 */
async function walkFolder(root: string, maxFiles = 100_000): Promise<SourceTree> {
  const entries: TreeEntry[] = [];
  const byShaPath = new Map<string, string>();
  const visit = async (relative: string) => {
    const absolute = path.join(root, relative);
    for (const dirent of await readdir(absolute, { withFileTypes: true })) {
      const child = relative ? `${relative}/${dirent.name}` : dirent.name;
      if (dirent.isDirectory()) {
        if (!isDefaultExcludedDir(dirent.name)) await visit(child);
      } else if (dirent.isFile()) {
        if (entries.length >= maxFiles)
          throw new AppError("bad_request:repo", "That folder has too many files");
        const info = await stat(path.join(root, child));
        // Content of big files is hashed by size and time only; they are excluded from the index anyway.
        const bytes = info.size <= 5 * 1024 * 1024 ? await readFile(path.join(root, child)) : null;
        const sha = bytes
          ? gitBlobSha(bytes)
          : createHash("sha1").update(`${child}:${info.size}:${info.mtimeMs}`).digest("hex");
        entries.push({ path: child, sha, size: info.size });
        byShaPath.set(sha, child);
      }
    }
  };
  await visit("");
  entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  const digest = createHash("sha1");
  for (const entry of entries) digest.update(`${entry.path}\0${entry.sha}\n`);
  return {
    commit: digest.digest("hex"),
    entries,
    async read(shas) {
      const blobs = new Map<string, Buffer>();
      for (const sha of shas) {
        const file = byShaPath.get(sha);
        if (file) blobs.set(sha, readFileSync(path.join(root, file)));
      }
      return blobs;
    },
  };
}
