import { createHash } from "node:crypto";
import { FolderCommits } from "./folder-commits";
import { folderSignature, hashFolder } from "./folder-tree";
import { describeGitFailure } from "./git";
import { readHead, readRef } from "./head-ref";
import { RemoteCommits } from "./remote-commits";
import type { RepoSource } from "./source";
import { type AccessOptions, isGitRepository, resolveCommit } from "./source-tree";

export interface ResolvedCommit {
  commit: string;
  defaultBranch: string | null;
}

/** What of a request decides its commit. */
export interface CommitRequest {
  ref?: string;
  token?: string;
}

/**
 * Which commit a request about a source means. `known` answers only from what costs next to
 * nothing (no process, no network, no walk of a folder): a local repository's ref files, a
 * remote's ref as resolved in the last few minutes, a plain folder's digest as last
 * computed; or not at all. `resolve` asks git, the remote or the folder when it must.
 */
export class CommitResolver {
  /** Remotes' refs as resolved in the last few minutes (chats do not ask each time). */
  private readonly remotes = new RemoteCommits<ResolvedCommit>();
  private readonly folders: FolderCommits;

  constructor(
    private readonly access: Omit<AccessOptions, "ref" | "token" | "signal">,
    folders?: FolderCommits,
  ) {
    this.folders =
      folders ??
      new FolderCommits({
        hash: async (folder) => {
          try {
            return (await hashFolder(folder)).commit;
          } catch (error) {
            throw describeGitFailure(error);
          }
        },
        signature: folderSignature,
      });
  }

  /** The commit the request means when that is known without any work, else null. */
  async known(source: RepoSource, request: CommitRequest): Promise<string | null> {
    if (source.kind === "git") {
      const remembered = this.remotes.peek(remoteKey(source, request));
      return remembered ? ((await remembered.catch(() => null))?.commit ?? null) : null;
    }
    if (isGitRepository(source.path)) {
      return request.ref
        ? readRef(source.path, request.ref)
        : ((await readHead(source.path))?.commit ?? null);
    }
    return request.ref ? null : this.folders.peek(source.path);
  }

  /**
   * The commit the request means. `cached`: a remote's ref or a plain folder's digest may
   * be answered from what was found recently (chats); without it they are found now
   * (adding or refreshing a repository on purpose).
   */
  async resolve(
    source: RepoSource,
    request: CommitRequest,
    { cached }: { cached: boolean },
  ): Promise<ResolvedCommit> {
    const ask = () =>
      resolveCommit(source, { ...this.access, ref: request.ref, token: request.token });
    if (source.kind === "git") {
      // Per source, ref and token: a remembered answer never stands in for an access check.
      const key = remoteKey(source, request);
      if (!cached) this.remotes.forget(key);
      return this.remotes.resolve(key, ask);
    }
    if (!isGitRepository(source.path) && !request.ref) {
      const folder = source.path;
      const commit = cached
        ? await this.folders.current(folder)
        : await this.folders.refresh(folder);
      return { commit, defaultBranch: null };
    }
    return ask();
  }
}

const remoteKey = (source: RepoSource, request: CommitRequest) =>
  JSON.stringify([source.id, request.ref ?? null, tokenHash(request.token)]);

export const tokenHash = (token: string | undefined) =>
  token ? createHash("sha256").update(token).digest("hex") : null;
