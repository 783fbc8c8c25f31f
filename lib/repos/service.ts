import path from "node:path";
import type { Principal } from "../auth/guard";
import {
  assertCanSeeRepository,
  assertOwnsRepository,
  canSeeRepository,
  ownRepositoryId,
  ownsRepository,
  type Viewer,
  type Visibility,
  visibilityForNewRepository,
} from "../auth/ownership";
import { SharedLoads } from "../cache/shared-loads";
import type { AppConfig } from "../config/env";
import type { Database } from "../db/client";
import { AppError, toAppError } from "../errors";
import { logger } from "../log";
import type { RunService } from "../runs/service";
import { assertPublicHost } from "../security/host-check";
import type { TokenVault } from "../security/token-vault";
import { CommitResolver, tokenHash } from "./commit-resolver";
import { isCommitSha } from "./git";
import {
  deleteRepositoryById,
  findReadySnapshot,
  getRepositoryById,
  listRepositories,
  listSnapshots,
  type RepositoryRow,
  type SnapshotRow,
  setRepositoryVisibility,
  upsertRepository,
} from "./queries";
import { type ReadySnapshot, ReadySnapshots } from "./ready-snapshots";
import { type AddRepositoryRequest, filtersKey, type SnapshotFilters } from "./repository-source";
import { type IndexProgress, startOrJoinIndexRun, waitForIndex } from "./snapshot-indexing";
import { parseRepoSource, type RepoSource } from "./source";
import { type LocalStructure, localStructure } from "./structure";

const log = logger("repos");

export interface RepoServiceOptions {
  db: Database;
  runs: RunService;
  vault: TokenVault;
  config: Pick<
    AppConfig,
    | "CARTOGRAPH_LOCAL_ROOTS"
    | "CARTOGRAPH_ALLOW_PRIVATE_HOSTS"
    | "DATA_DIR"
    | "GIT_TIMEOUT_MS"
    | "MAX_FILE_BYTES"
  >;
}

export interface AddedRepository {
  repo_id: string;
  snapshot_id: string;
  /** The index run working on the snapshot; null when it is indexed already. */
  research_id: string | null;
}

/** Adding, listing and resolving repositories and their snapshots; indexing itself is a run. */
export class RepoService {
  /** Additions in progress, by request (see addRepository). */
  private readonly adding = new Map<string, Promise<AddedRepository>>();
  private readonly commits: CommitResolver;
  /** Ready snapshots by repository, commit and filters: a chat's lookup without a query. */
  private readonly ready = new ReadySnapshots();
  /** Lookups of ready snapshots under way, by viewer, source, commit and filters. */
  private readonly lookups = new SharedLoads<ReadySnapshot | null>();

  constructor(private readonly options: RepoServiceOptions) {
    const { config } = options;
    this.commits = new CommitResolver({
      cacheDir: this.cacheDir,
      allowPrivateHosts: config.CARTOGRAPH_ALLOW_PRIVATE_HOSTS,
      gitTimeoutMs: config.GIT_TIMEOUT_MS,
    });
  }

  get cacheDir(): string {
    return path.resolve(this.options.config.DATA_DIR, "repos");
  }

  /** Validates the source first: nothing is cloned or read for a bad or forbidden one. */
  async parseSource(repoUrl: string): Promise<RepoSource> {
    const { config } = this.options;
    const source = parseRepoSource(repoUrl, config.CARTOGRAPH_LOCAL_ROOTS);
    if (source.kind === "git") {
      await assertPublicHost(source.host, { allowPrivate: config.CARTOGRAPH_ALLOW_PRIVATE_HOSTS });
    }
    return source;
  }

  /**
   * Adds (or finds) the repository a request names and starts indexing its commit.
   * `cachedCommit`: a remote's ref or a plain folder's digest may be answered from what was
   * found recently (chats); without it they are found now (adding or refreshing on purpose).
   */
  async addRepository(
    principal: Principal,
    request: AddRepositoryRequest,
    options: { cachedCommit?: boolean } = {},
  ): Promise<AddedRepository> {
    const source = await this.parseSource(request.repo_url);
    const { filters, key } = filtersKey(request);
    // The same request again while it is being added (a structure call and the chat after
    // it, a client asking page after page) shares that work: one hash of a folder, one run.
    // Per user and token, so nobody skips the access check of resolving the commit.
    const sameRequest = JSON.stringify([
      principal.userId,
      Boolean(options.cachedCommit),
      source.id,
      request.ref ?? null,
      key,
      tokenHash(request.token),
    ]);
    const pending = this.adding.get(sameRequest);
    if (pending) return pending;
    const adding = this.add(principal, source, request, {
      filters,
      key,
      cachedCommit: Boolean(options.cachedCommit),
    }).finally(() => this.adding.delete(sameRequest));
    this.adding.set(sameRequest, adding);
    return adding;
  }

  /**
   * Starts (or joins) the indexing a request means without waiting for any of it, not even
   * for hashing a folder; a failure is logged, and whoever needs the index next asks again.
   */
  startIndexing(principal: Principal, request: AddRepositoryRequest): void {
    this.addRepository(principal, request).catch((error) =>
      log.warn("indexing did not start", { reason: toAppError(error, "repos").message }),
    );
  }

  /**
   * DeepWiki's `/local_repo/structure` of an allow-listed folder: answered from its file
   * list at once (see `localStructure`), with its indexing started in the background.
   */
  async structure(principal: Principal, folder: string): Promise<LocalStructure> {
    // Parsed without the remote host check: a URL is refused here without any lookup.
    const source = parseRepoSource(folder, this.options.config.CARTOGRAPH_LOCAL_ROOTS);
    if (source.kind !== "local")
      throw new AppError("bad_request:repo", "path must be a local folder");
    const structure = await localStructure(source, {
      maxFileBytes: this.options.config.MAX_FILE_BYTES,
    });
    // Another user's private copy of the folder does not matter: this viewer indexes their own.
    this.startIndexing(principal, { repo_url: folder });
    return structure;
  }

  /**
   * The indexed snapshot a request means, indexing it first when needed (Ask accepts any
   * repository URL, as DeepWiki clients expect): yields the index run's progress while it
   * works, returns once the snapshot is ready.
   */
  async *ensureIndexed(
    principal: Principal,
    request: AddRepositoryRequest,
    signal: AbortSignal = new AbortController().signal,
  ): AsyncGenerator<IndexProgress, { repository: RepositoryRow; snapshot: SnapshotRow }> {
    const indexed = await this.findIndexed(principal, request);
    if (indexed) {
      assertCanSeeRepository(principal, indexed.repository);
      return indexed;
    }
    const added = await this.addRepository(principal, request, { cachedCommit: true });
    const snapshot = yield* waitForIndex(this.options, added.snapshot_id, signal);
    return { repository: await this.requireRepository(principal, added.repo_id), snapshot };
  }

  /**
   * The indexed snapshot a request means when its commit is known without any work (see
   * CommitResolver.known): nothing is written, spawned, fetched or walked, and the database
   * is asked at most once (not at all when the snapshot was found ready a moment ago). Null
   * when that is not enough: the caller takes the long way.
   */
  private async findIndexed(
    principal: Principal,
    request: AddRepositoryRequest,
  ): Promise<{ repository: RepositoryRow; snapshot: SnapshotRow } | null> {
    // No host lookup: nothing is fetched here, and the long way checks the host before it does.
    const source = parseRepoSource(request.repo_url, this.options.config.CARTOGRAPH_LOCAL_ROOTS);
    const commit = await this.commits.known(source, request);
    if (!commit) return null;
    const filters = filtersKey(request).key;
    // The viewer's own row of the source first (see ownRepositoryId), then the source's row.
    for (const repoId of [ownRepositoryId(source.id, principal.userId), source.id]) {
      const known = this.ready.get([repoId, commit, filters]);
      if (known && canSeeRepository(principal, known.repository)) return known;
    }
    // Chats that ask together (a burst, or all of them when the memory above expires) share
    // one lookup instead of each making the same queries.
    return this.lookups.load([principal.userId, source.id, commit, filters].join("\0"), () =>
      this.lookUpReady(principal, source, commit, filters),
    );
  }

  private async lookUpReady(
    viewer: Viewer,
    source: RepoSource,
    commit: string,
    filters: string,
  ): Promise<ReadySnapshot | null> {
    const repository = await this.repositoryFor(viewer, source);
    if (!repository) return null;
    const key = [repository.id, commit, filters] as const;
    const found = await findReadySnapshot(this.options.db, {
      repoId: key[0],
      commit: key[1],
      filtersKey: key[2],
    });
    if (found) this.ready.set(key, found);
    return found;
  }

  private async add(
    principal: Principal,
    source: RepoSource,
    request: AddRepositoryRequest,
    {
      filters,
      key,
      cachedCommit,
    }: { filters: SnapshotFilters; key: string; cachedCommit: boolean },
  ): Promise<AddedRepository> {
    // The viewer's repository of this source, when there is one they see; a row another
    // user holds privately is not theirs to join, and does not keep them from adding it.
    const existing = await this.repositoryFor(principal, source);
    const resolved = await this.commits.resolve(source, request, { cached: cachedCommit });
    const { commit, defaultBranch } = resolved;
    if (existing && request.visibility && ownsRepository(principal, existing)) {
      await setRepositoryVisibility(this.options.db, {
        id: existing.id,
        visibility: request.visibility,
      });
    }
    const taken = !existing && (await getRepositoryById(this.options.db, { id: source.id }));
    const values = {
      id: existing?.id ?? (taken ? ownRepositoryId(source.id, principal.userId) : source.id),
      kind: source.kind,
      source: source.kind === "git" ? source.url : source.path,
      host: source.kind === "git" ? source.host : null,
      owner: source.owner,
      name: source.name,
      defaultBranch,
      createdBy: principal.userId,
      ownerId: principal.userId,
      visibility: visibilityForNewRepository(request),
    };
    let repository = await upsertRepository(this.options.db, values);
    // Someone else may have added the source privately at the same moment: then it is the
    // viewer's own row after all.
    if (!canSeeRepository(principal, repository)) {
      const id = ownRepositoryId(source.id, principal.userId);
      repository = assertCanSeeRepository(
        principal,
        await upsertRepository(this.options.db, { ...values, id }),
      );
    }
    const { snapshot, runId } = await startOrJoinIndexRun(this.options, {
      principal,
      repository,
      commit,
      ref: request.ref && !isCommitSha(request.ref) ? request.ref : (defaultBranch ?? null),
      filters,
      filtersKey: key,
      token: request.token,
    });
    return { repo_id: repository.id, snapshot_id: snapshot.id, research_id: runId };
  }

  /** The repositories the viewer sees. */
  async list(viewer: Viewer) {
    const rows = await listRepositories(this.options.db, { viewer });
    return Promise.all(
      rows.map(async (row) => {
        const snapshots = await listSnapshots(this.options.db, { repoId: row.id });
        const latest = snapshots.find((snapshot) => snapshot.status === "ready") ?? snapshots[0];
        return {
          ...describeRepository(viewer, row),
          latest_snapshot: latest ? describeSnapshot(latest) : null,
        };
      }),
    );
  }

  async get(viewer: Viewer, repoId: string) {
    const row = await this.requireRepository(viewer, repoId);
    const snapshots = await listSnapshots(this.options.db, { repoId });
    return { ...describeRepository(viewer, row), snapshots: snapshots.map(describeSnapshot) };
  }

  /** The owner makes a repository private or shares it with everyone on the server. */
  async setVisibility(viewer: Viewer, repoId: string, visibility: Visibility) {
    const row = assertOwnsRepository(
      viewer,
      await getRepositoryById(this.options.db, { id: repoId }),
    );
    await setRepositoryVisibility(this.options.db, { id: row.id, visibility });
    // Ask's memory of ready snapshots holds the repository row: it must not outlive a change
    // of who may see it (other processes' memories expire within ReadySnapshots' 10 s).
    this.ready.forgetRepository(row.id);
    return this.get(viewer, repoId);
  }

  /** Deleting is for the owner: 404 to those who cannot see it, 403 to others who can. */
  async delete(viewer: Viewer, repoId: string): Promise<void> {
    const row = assertOwnsRepository(
      viewer,
      await getRepositoryById(this.options.db, { id: repoId }),
    );
    const snapshots = await listSnapshots(this.options.db, { repoId });
    for (const snapshot of snapshots) {
      if (snapshot.status === "indexing" && snapshot.runId) {
        const run = await this.options.runs.peekRun(snapshot.runId);
        if (run && ["queued", "in_progress", "cancelling"].includes(run.status)) {
          await this.options.runs.cancelRun(run).catch(() => {});
        }
      }
    }
    this.ready.forgetRepository(row.id);
    await deleteRepositoryById(this.options.db, { id: row.id });
    // And again: a chat that read the snapshot while it was being deleted must not keep it.
    this.ready.forgetRepository(row.id);
  }

  /**
   * The snapshot a request means: `ref` as a commit (or its prefix) or a ref name, else
   * the newest ready one. Only ready snapshots answer reads.
   */
  async resolveSnapshot(viewer: Viewer, repoId: string, ref?: string): Promise<SnapshotRow> {
    await this.requireRepository(viewer, repoId);
    const ready = (await listSnapshots(this.options.db, { repoId })).filter(
      (s) => s.status === "ready",
    );
    const snapshot = ref
      ? ready.find(
          (s) => s.ref === ref || (ref.length >= 7 && s.commit.startsWith(ref.toLowerCase())),
        )
      : ready[0];
    if (!snapshot) {
      throw new AppError(
        "not_found:snapshot",
        ref ? `No indexed snapshot for ${ref}` : "The repository is not indexed yet",
      );
    }
    return snapshot;
  }

  /** The repository when the viewer may see it; a hidden one is the same 404 as a missing one. */
  async requireRepository(viewer: Viewer, repoId: string): Promise<RepositoryRow> {
    return assertCanSeeRepository(viewer, await getRepositoryById(this.options.db, { id: repoId }));
  }

  /** Whether the viewer may see this repository (false when there is none). */
  async canSee(viewer: Viewer, repoId: string): Promise<boolean> {
    const row = await getRepositoryById(this.options.db, { id: repoId });
    return row !== null && canSeeRepository(viewer, row);
  }

  /**
   * The repository a viewer means by a source: their own row of it when another user held
   * the source's first row privately (ownRepositoryId), else the source's row when they may
   * see it; null when neither.
   */
  async repositoryFor(viewer: Viewer, source: RepoSource): Promise<RepositoryRow | null> {
    const [own, first] = await Promise.all([
      getRepositoryById(this.options.db, { id: ownRepositoryId(source.id, viewer.userId) }),
      getRepositoryById(this.options.db, { id: source.id }),
    ]);
    if (own && canSeeRepository(viewer, own)) return own;
    if (first && canSeeRepository(viewer, first)) return first;
    return null;
  }
}

function describeRepository(viewer: Viewer, row: RepositoryRow) {
  return {
    repo_id: row.id,
    owner: row.owner,
    name: row.name,
    kind: row.kind,
    source: row.source,
    default_branch: row.defaultBranch,
    visibility: row.visibility,
    /** Whether the viewer owns it (may delete it and change its visibility). */
    owned: ownsRepository(viewer, row),
  };
}

function describeSnapshot(snapshot: SnapshotRow) {
  return {
    snapshot_id: snapshot.id,
    commit: snapshot.commit,
    ref: snapshot.ref,
    status: snapshot.status,
    file_count: snapshot.fileCount,
    chunk_count: snapshot.chunkCount,
    /** Files of the commit the index left out, by reason; they are not in `file_count`. */
    skipped: snapshot.skipped,
    indexed_at: snapshot.indexedAt?.toISOString() ?? null,
    research_id: snapshot.runId,
  };
}
