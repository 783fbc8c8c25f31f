import { randomUUID } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import type { Principal } from "../auth/guard";
import type { AppConfig } from "../config/env";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import type { RunService } from "../runs/service";
import { assertPublicHost } from "../security/host-check";
import type { TokenVault } from "../security/token-vault";
import { isCommitSha } from "./git";
import {
  deleteRepositoryById,
  findSnapshot,
  getRepositoryById,
  getSnapshotById,
  insertSnapshot,
  listRepositories,
  listSnapshots,
  type RepositoryRow,
  type SnapshotRow,
  updateSnapshot,
  upsertRepository,
} from "./queries";
import { filtersKey, snapshotFiltersSchema } from "./repository-source";
import { parseRepoSource, type RepoSource } from "./source";
import { resolveCommit } from "./source-tree";

export const addRepositorySchema = snapshotFiltersSchema.extend({
  repo_url: z.string().min(1).max(2_000),
  ref: z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9._/-]+$/, "ref may hold letters, digits, . _ / - only")
    .refine((ref) => !ref.startsWith("-") && !ref.includes(".."), "ref is not a valid git ref")
    .optional(),
  token: z.string().max(1_000).optional(),
});
export type AddRepositoryRequest = z.infer<typeof addRepositorySchema>;

export interface RepoServiceOptions {
  db: Database;
  runs: RunService;
  vault: TokenVault;
  config: Pick<
    AppConfig,
    "CARTOGRAPH_LOCAL_ROOTS" | "CARTOGRAPH_ALLOW_PRIVATE_HOSTS" | "DATA_DIR" | "GIT_TIMEOUT_MS"
  >;
}

/** Adding, listing and resolving repositories and their snapshots; indexing itself is a run. */
export class RepoService {
  constructor(private readonly options: RepoServiceOptions) {}

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

  async addRepository(
    principal: Principal,
    request: AddRepositoryRequest,
  ): Promise<{ repo_id: string; snapshot_id: string; research_id: string | null }> {
    const { db, runs, vault } = this.options;
    const source = await this.parseSource(request.repo_url);
    const { filters, key } = filtersKey(request);
    const { commit, defaultBranch } = await resolveCommit(source, {
      ref: request.ref,
      token: request.token,
      cacheDir: this.cacheDir,
      allowPrivateHosts: this.options.config.CARTOGRAPH_ALLOW_PRIVATE_HOSTS,
      gitTimeoutMs: this.options.config.GIT_TIMEOUT_MS,
    });
    const repository = await upsertRepository(db, {
      id: source.id,
      kind: source.kind,
      source: source.kind === "git" ? source.url : source.path,
      host: source.kind === "git" ? source.host : null,
      owner: source.owner,
      name: source.name,
      defaultBranch,
      createdBy: principal.userId,
    });

    let snapshot = await findSnapshot(db, { repoId: repository.id, commit, filtersKey: key });
    if (snapshot?.status === "ready") {
      return { repo_id: repository.id, snapshot_id: snapshot.id, research_id: null };
    }
    if (snapshot?.status === "indexing" && snapshot.runId) {
      const run = await runs.peekRun(snapshot.runId);
      if (run && !["completed", "failed", "cancelled"].includes(run.status)) {
        vault.put(snapshot.id, request.token);
        return { repo_id: repository.id, snapshot_id: snapshot.id, research_id: run.id };
      }
    }
    snapshot ??= await insertSnapshot(db, {
      id: randomUUID(),
      repoId: repository.id,
      commit,
      ref: request.ref && !isCommitSha(request.ref) ? request.ref : (defaultBranch ?? null),
      filters,
      filtersKey: key,
    });
    vault.put(snapshot.id, request.token);
    const started = await runs.startRun({
      kind: "index",
      input: { snapshot_id: snapshot.id },
      principal,
      title: `${repository.owner}/${repository.name} @ ${commit.slice(0, 10)}`,
    });
    await updateSnapshot(db, {
      id: snapshot.id,
      status: "indexing",
      runId: started.snapshot.research_id,
    });
    return {
      repo_id: repository.id,
      snapshot_id: snapshot.id,
      research_id: started.snapshot.research_id,
    };
  }

  /**
   * The indexed snapshot a request means, indexing it first when needed (Ask accepts any
   * repository URL, as DeepWiki clients expect); waits for the index run.
   */
  async ensureIndexed(
    principal: Principal,
    request: AddRepositoryRequest,
    signal?: AbortSignal,
  ): Promise<{ repository: RepositoryRow; snapshot: SnapshotRow }> {
    const added = await this.addRepository(principal, request);
    for (;;) {
      signal?.throwIfAborted();
      const snapshot = await getSnapshotById(this.options.db, { id: added.snapshot_id });
      if (!snapshot)
        throw new AppError("not_found:snapshot", "The repository was removed while indexing");
      if (snapshot.status === "ready") {
        return { repository: await this.requireRepository(added.repo_id), snapshot };
      }
      if (snapshot.status === "failed") {
        const run = snapshot.runId ? await this.options.runs.peekRun(snapshot.runId) : null;
        throw new AppError(
          "unavailable:repo",
          `Indexing the repository failed${run?.error ? `: ${run.error}` : ""}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async list() {
    const rows = await listRepositories(this.options.db);
    return Promise.all(
      rows.map(async (row) => {
        const snapshots = await listSnapshots(this.options.db, { repoId: row.id });
        const latest = snapshots.find((snapshot) => snapshot.status === "ready") ?? snapshots[0];
        return {
          ...describeRepository(row),
          latest_snapshot: latest ? describeSnapshot(latest) : null,
        };
      }),
    );
  }

  async get(repoId: string) {
    const row = await this.requireRepository(repoId);
    const snapshots = await listSnapshots(this.options.db, { repoId });
    return { ...describeRepository(row), snapshots: snapshots.map(describeSnapshot) };
  }

  async delete(repoId: string): Promise<void> {
    const row = await this.requireRepository(repoId);
    const snapshots = await listSnapshots(this.options.db, { repoId });
    for (const snapshot of snapshots) {
      if (snapshot.status === "indexing" && snapshot.runId) {
        const run = await this.options.runs.peekRun(snapshot.runId);
        if (run && ["queued", "in_progress", "cancelling"].includes(run.status)) {
          await this.options.runs.cancelRun(run).catch(() => {});
        }
      }
    }
    await deleteRepositoryById(this.options.db, { id: row.id });
  }

  /**
   * The snapshot a request means: `ref` as a commit (or its prefix) or a ref name, else
   * the newest ready one. Only ready snapshots answer reads.
   */
  async resolveSnapshot(repoId: string, ref?: string): Promise<SnapshotRow> {
    await this.requireRepository(repoId);
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

  private async requireRepository(repoId: string): Promise<RepositoryRow> {
    const row = await getRepositoryById(this.options.db, { id: repoId });
    if (!row) throw new AppError("not_found:repo", "Repository not found");
    return row;
  }
}

function describeRepository(row: RepositoryRow) {
  return {
    repo_id: row.id,
    owner: row.owner,
    name: row.name,
    kind: row.kind,
    source: row.source,
    default_branch: row.defaultBranch,
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
    indexed_at: snapshot.indexedAt?.toISOString() ?? null,
    research_id: snapshot.runId,
  };
}
