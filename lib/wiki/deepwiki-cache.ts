import { randomUUID } from "node:crypto";
import type { Principal } from "../auth/guard";
import { canSeeRepository, type Viewer } from "../auth/ownership";
import type { DatabaseHandle } from "../db/client";
import { AppError, isAppError } from "../errors";
import type { ModelRegistry } from "../llm/models";
import type {
  DeepWikiCache,
  DeepWikiRepo,
  ProcessedProject,
  StoreWikiCacheRequest,
  WikiCacheQuery,
} from "../protocol/deepwiki";
import { deepWikiLanguage } from "../protocol/languages";
import type { RepositoryRow, SnapshotRow } from "../repos/queries";
import type { RepoService } from "../repos/service";
import {
  repoTypeOf,
  repoTypeOfSource,
  type StoredCacheWiki,
  storedWikiOf,
  toDeepWikiCache,
} from "./deepwiki";
import { findRepositoriesNamed, listWikisOfRepos, upsertWikiWithPages } from "./deepwiki-queries";
import { findWiki, type WikiRow } from "./queries";
import { STRUCTURAL_MODEL, STRUCTURAL_PROVIDER, type WikiService } from "./service";
import { checksAgainstSnapshot } from "./snapshot-checks";

export interface DeepWikiCacheOptions {
  database: Pick<DatabaseHandle, "db">;
  wikis: WikiService;
  repos: RepoService;
  models: Pick<ModelRegistry, "resolveChat">;
}

const READABLE = new Set(["ready", "partial"]);

/**
 * DeepWiki's wiki cache over our wikis: an entry is the newest readable wiki of a
 * repository in a language (DeepWiki keeps one per repository type, owner, name and
 * language). Only repositories Cartograph already has can hold one.
 */
export class DeepWikiCacheService {
  constructor(private readonly options: DeepWikiCacheOptions) {}

  /** The entry, or null. The query's language is canonical (`kr` reads as `ko`). */
  async get(viewer: Viewer, query: WikiCacheQuery): Promise<DeepWikiCache | null> {
    for (const row of await this.wikisOf(viewer, query, query.language)) {
      const view = await this.options.wikis.view(viewer, row.id);
      if (READABLE.has(view.status)) return toDeepWikiCache(view);
    }
    return null;
  }

  /**
   * Stores a wiki on the repository's newest indexed commit, replacing one with the same
   * language, type, provider and model (an empty provider or model is the server's
   * default). The request's token is never kept.
   */
  async store(
    principal: Principal,
    request: StoreWikiCacheRequest,
  ): Promise<{ success: true; message: string; wiki_id: string }> {
    const { database } = this.options;
    const { db } = database;
    const stored = storedWikiOf(request);
    if (stored.pages.length === 0)
      throw new AppError("bad_request:wiki_cache", "wiki_structure has no pages");
    const { repository, snapshot } = await this.indexedRepository(principal, request.repo);
    const key = {
      repoId: repository.id,
      commit: snapshot.commit,
      language: request.language,
      wikiType:
        request.wiki_type ??
        request.wiki_structure.wiki_type ??
        (request.comprehensive === false ? ("concise" as const) : ("comprehensive" as const)),
      ...(await this.modelOf(request)),
    };
    const existing = await findWiki(db, key);
    if (existing) await this.assertReplaceable(principal, existing, "replace");
    const row = await upsertWikiWithPages(db, {
      key,
      values: {
        id: randomUUID(),
        snapshotId: snapshot.id,
        structural: false,
        title: stored.title,
        description: stored.description,
        structure: stored.structure,
        status: stored.complete ? "ready" : "partial",
        error: null,
        runId: null,
        createdBy: principal.userId,
      },
      pages: await withChecks(db, snapshot.id, stored.pages),
    });
    return { success: true, message: "Wiki cache saved successfully", wiki_id: row.id };
  }

  /**
   * Deletes every wiki of the entry (so a following GET answers null, as in DeepWiki), only
   * when the principal created them all and none is being generated.
   */
  async delete(principal: Principal, query: WikiCacheQuery): Promise<{ message: string }> {
    const language = deepWikiLanguage(query.language);
    const rows = await this.wikisOf(principal, query, query.language);
    if (rows.length === 0) throw new AppError("not_found:wiki_cache", "Wiki cache not found");
    for (const row of rows) await this.assertReplaceable(principal, row, "delete");
    for (const row of rows) await this.options.wikis.delete(principal, row.id);
    return {
      message: `Wiki cache for ${query.owner}/${query.repo} (${language}) deleted successfully`,
    };
  }

  /**
   * One entry per repository and language with a readable wiki, newest first; languages
   * spelt as DeepWiki's client loads them (`kr`, `pt-br`).
   */
  async processedProjects(viewer: Viewer): Promise<ProcessedProject[]> {
    const seen = new Set<string>();
    const projects: ProcessedProject[] = [];
    // DeepWiki lists every project: all wikis are read (up to a bound no install reaches).
    for (const item of await this.options.wikis.list(viewer, undefined, 100_000)) {
      const key = `${item.repo_id}\u0000${item.language}`;
      if (!READABLE.has(item.status) || seen.has(key)) continue;
      seen.add(key);
      projects.push({
        id: item.wiki_id,
        owner: item.owner,
        repo: item.name,
        name: `${item.owner}/${item.name}`,
        repo_type: repoTypeOfSource(item.source),
        submittedAt: Date.parse(item.updated_at),
        language: deepWikiLanguage(item.language),
      });
    }
    return projects.sort((a, b) => b.submittedAt - a.submittedAt);
  }

  private async wikisOf(
    viewer: Viewer,
    query: Pick<WikiCacheQuery, "owner" | "repo" | "repo_type">,
    language: string,
  ): Promise<WikiRow[]> {
    const repositories = await this.repositoriesNamed(viewer, {
      owner: query.owner,
      repo: query.repo,
      type: query.repo_type,
    });
    return listWikisOfRepos(this.options.database.db, {
      repoIds: repositories.map((repository) => repository.id),
      language,
    });
  }

  /** The repositories of this owner, name and type that the viewer sees. */
  private async repositoriesNamed(
    viewer: Viewer,
    repo: Pick<DeepWikiRepo, "owner" | "repo" | "type">,
  ): Promise<RepositoryRow[]> {
    const found = await findRepositoriesNamed(this.options.database.db, {
      owner: repo.owner,
      name: repo.repo,
    });
    return found.filter(
      (repository) => repoTypeOf(repository) === repo.type && canSeeRepository(viewer, repository),
    );
  }

  /**
   * The repository a cache body names and its newest indexed commit. One not yet known or
   * still being indexed is added and waited for, as a chat would: DeepWiki's client asks
   * for the structure (which answers before the index is ready, and registers the
   * repository in the background) and may store a wiki right after.
   */
  private async indexedRepository(
    principal: Principal,
    repo: DeepWikiRepo,
  ): Promise<{ repository: RepositoryRow; snapshot: SnapshotRow }> {
    const { repos } = this.options;
    try {
      const repository = await this.repositoryFor(principal, repo);
      return { repository, snapshot: await repos.resolveSnapshot(principal, repository.id) };
    } catch (error) {
      const location = repo.type === "local" ? repo.localPath : repo.repoUrl;
      const missing =
        isAppError(error) &&
        (error.code === "not_found:repo" || error.code === "not_found:snapshot");
      if (!location || !missing) throw error;
      const indexing = repos.ensureIndexed(
        principal,
        { repo_url: withoutCredentials(location) },
        AbortSignal.timeout(INDEX_WAIT_MS),
      );
      for (;;) {
        const step = await indexing.next();
        if (step.done) return step.value;
      }
    }
  }

  /** The repository a cache body names: by its URL or path when given, else by owner and name. */
  private async repositoryFor(viewer: Viewer, repo: DeepWikiRepo): Promise<RepositoryRow> {
    const { repos } = this.options;
    const location = repo.type === "local" ? repo.localPath : repo.repoUrl;
    if (location) {
      const source = await repos.parseSource(withoutCredentials(location));
      const repository = await repos.repositoryFor(viewer, source);
      if (repository) return repository;
    }
    const [named] = await this.repositoriesNamed(viewer, repo);
    if (named) return named;
    throw new AppError(
      "not_found:repo",
      `${repo.owner}/${repo.repo} (${repo.type}) is not a repository Cartograph knows: add it first (POST /api/repos)`,
    );
  }

  /**
   * The provider and model a wiki is stored under. DeepWiki's client sends "" for the
   * server's default; with no model configured that is the structural wiki's pair.
   */
  private async modelOf(
    request: Pick<StoreWikiCacheRequest, "provider" | "model">,
  ): Promise<{ provider: string; model: string }> {
    if (request.provider && request.model)
      return { provider: request.provider, model: request.model };
    const fallback = await this.options.models.resolveChat({});
    return {
      provider: request.provider || (fallback?.provider ?? STRUCTURAL_PROVIDER),
      model: request.model || (fallback?.modelId ?? STRUCTURAL_MODEL),
    };
  }

  private async assertReplaceable(
    principal: Principal,
    wiki: WikiRow,
    action: "replace" | "delete",
  ): Promise<void> {
    if (wiki.createdBy !== principal.userId)
      throw new AppError(
        "forbidden:wiki_cache",
        `Only the user who generated this wiki may ${action} it`,
      );
    if (await this.options.wikis.activeRun(wiki))
      throw new AppError(
        "conflict:wiki_cache",
        `The wiki is being generated; cancel the run before you ${action} it`,
      );
  }
}

/** A URL without `user:password@` (DeepWiki clients sometimes embed the token there). */
/** How long storing a wiki waits for its repository's index before giving up. */
const INDEX_WAIT_MS = 10 * 60 * 1000;

function withoutCredentials(location: string): string {
  if (!/^https?:\/\//i.test(location)) return location;
  try {
    const url = new URL(location);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return location;
  }
}

/**
 * A wiki written elsewhere is held to the same checks as one generated here, but its text
 * stays as it was sent: what the checks found is kept beside it.
 */
async function withChecks(
  db: DatabaseHandle["db"],
  snapshotId: string,
  pages: StoredCacheWiki["pages"],
): Promise<StoredCacheWiki["pages"]> {
  return Promise.all(
    pages.map(async (page) => ({
      ...page,
      ...(await checksAgainstSnapshot(db, {
        snapshotId,
        content: page.content ?? "",
        filePaths: page.filePaths ?? [],
      })),
    })),
  );
}
