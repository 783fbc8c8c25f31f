import { randomUUID } from "node:crypto";
import type { Principal } from "../auth/guard";
import type { Viewer } from "../auth/ownership";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import type { ModelRegistry } from "../llm/models";
import { DEFAULT_LANGUAGE } from "../protocol/languages";
import { isTerminalStatus, type RunStatus } from "../protocol/runs";
import type {
  StartWikiRequest,
  StartWikiResponse,
  WikiListItem,
  WikiPageView,
  WikiStatusName,
  WikiView,
} from "../protocol/wiki";
import { isStoppedWiki } from "../protocol/wiki";
import { getRepositoryById, getSnapshotById, type RepositoryRow } from "../repos/queries";
import type { RepoService } from "../repos/service";
import type { RunService } from "../runs/service";
import { usageTotals } from "../usage/queries";
import type { StoredStructure } from "./plan-store";
import {
  deleteWiki,
  findWiki,
  getPage,
  getWiki,
  insertWiki,
  listPages,
  listWikis,
  newestSnapshotLike,
  newestWikiOfRepo,
  stalePageIds,
  statusOfPages,
  updateWiki,
  type WikiPageRow,
  type WikiRow,
} from "./queries";
import type { WikiRunInput } from "./run";

export const STRUCTURAL_PROVIDER = "none";
export const STRUCTURAL_MODEL = "structural";

export interface WikiServiceOptions {
  db: Database;
  repos: RepoService;
  runs: RunService;
  models: ModelRegistry;
}

/** Starting, reading, updating and deleting wikis; generation itself is a `wiki` run. */
export class WikiService {
  constructor(private readonly options: WikiServiceOptions) {}

  /**
   * The wiki for this repository, commit, language, type and model: cached when complete,
   * else generated (or finished) by a run. The repository is indexed first when needed.
   */
  async start(principal: Principal, request: StartWikiRequest): Promise<StartWikiResponse> {
    const { db, repos, models } = this.options;
    // The schema read the language into its canonical code and refused unsupported ones.
    const language = request.language ?? DEFAULT_LANGUAGE;
    const wikiType = request.wiki_type ?? "comprehensive";
    const resolved = await models.resolveChat({ provider: request.provider, model: request.model });
    const added = await repos.addRepository(principal, request);
    const snapshot = await getSnapshotById(db, { id: added.snapshot_id });
    if (!snapshot) throw new AppError("not_found:snapshot", "The repository was removed");
    const key = {
      repoId: added.repo_id,
      commit: snapshot.commit,
      language,
      wikiType,
      provider: resolved?.provider ?? STRUCTURAL_PROVIDER,
      model: resolved?.modelId ?? STRUCTURAL_MODEL,
    };
    let wiki = await findWiki(db, key);
    if (wiki && !request.force) {
      const active = await this.activeRun(wiki);
      if (active) return { research_id: active, wiki_id: wiki.id, status: "started" };
      if (wiki.status === "ready") return { research_id: null, wiki_id: wiki.id, status: "cached" };
    }
    if (!wiki) {
      try {
        wiki = await insertWiki(db, {
          id: randomUUID(),
          ...key,
          snapshotId: snapshot.id,
          structural: !resolved,
          createdBy: principal.userId,
        });
      } catch (error) {
        // Another request created it at the same moment.
        wiki = await findWiki(db, key);
        if (!wiki) throw error;
      }
    } else if (request.force) {
      const active = await this.activeRun(wiki);
      if (active)
        throw new AppError("conflict:wiki", "The wiki is being generated; cancel that run first");
    }
    return this.startRun(principal, wiki, {
      wiki_id: wiki.id,
      replan: request.force,
      ...(request.max_tokens !== undefined ? { max_tokens: request.max_tokens } : {}),
      ...(request.max_cost !== undefined ? { max_cost: request.max_cost } : {}),
    });
  }

  async view(viewer: Viewer, wikiId: string): Promise<WikiView> {
    return this.viewOf(await this.requireWiki(viewer, wikiId));
  }

  /** One page of a wiki, as `view` shows it. */
  async pageView(viewer: Viewer, wikiId: string, pageId: string): Promise<WikiPageView> {
    const { db } = this.options;
    const wiki = await this.requireWiki(viewer, wikiId);
    const page = await getPage(db, { wikiId, pageId });
    if (!page) throw new AppError("not_found:wiki", "This wiki has no such page");
    const latest = await newestSnapshotLike(db, { snapshotId: wiki.snapshotId });
    const stale =
      latest && latest.commit !== wiki.commit
        ? (await stalePageIds(db, wiki, [page], latest.id)).length > 0
        : false;
    return pageView(page, stale);
  }

  /** The newest wiki of a repository (in this language, type and model when given). */
  async viewOfRepo(
    viewer: Viewer,
    repoId: string,
    filter: { language?: string; wikiType?: string; model?: string },
  ): Promise<WikiView> {
    const { db } = this.options;
    await this.options.repos.requireRepository(viewer, repoId);
    const wiki =
      (await newestWikiOfRepo(db, { repoId, ...filter })) ??
      (filter.language || filter.wikiType || filter.model
        ? null
        : await newestWikiOfRepo(db, { repoId }));
    if (!wiki) throw new AppError("not_found:wiki", "This repository has no wiki yet");
    return this.viewOf(wiki);
  }

  /** The wikis the viewer sees, newest first, matching `q` when given; the newest `limit`. */
  async list(viewer: Viewer, q?: string, limit = 200): Promise<WikiListItem[]> {
    const rows = await listWikis(this.options.db, { viewer, q, limit });
    return Promise.all(
      rows.map(async ({ wiki, repository, pageCount }) => {
        const status = await this.effectiveStatus(wiki);
        return {
          ...summaryOf(wiki, repository),
          status,
          page_count: pageCount,
          stopped: isStoppedWiki(status, wiki.error),
        };
      }),
    );
  }

  async delete(principal: Principal, wikiId: string): Promise<void> {
    const wiki = await this.requireWiki(principal, wikiId);
    if (await this.activeRun(wiki))
      throw new AppError("conflict:wiki", "The wiki is being generated; cancel the run first");
    if (wiki.createdBy !== principal.userId)
      throw new AppError("forbidden:wiki", "Only the user who generated this wiki may delete it");
    await deleteWiki(this.options.db, { id: wikiId });
  }

  /**
   * Finishes a wiki whose generation stopped (cancelled, or pages that failed): writes the
   * pages not written yet, planning first if it never got a plan. Nothing to do when complete.
   */
  async resume(principal: Principal, wikiId: string): Promise<StartWikiResponse> {
    const wiki = await this.requireWiki(principal, wikiId);
    const active = await this.activeRun(wiki);
    if (active) return { research_id: active, wiki_id: wiki.id, status: "started" };
    if ((await this.effectiveStatus(wiki)) === "ready")
      return { research_id: null, wiki_id: wiki.id, status: "cached" };
    return this.startRun(principal, wiki, { wiki_id: wiki.id });
  }

  /** Writes one page again. */
  async regeneratePage(
    principal: Principal,
    wikiId: string,
    pageId: string,
  ): Promise<{ research_id: string; wiki_id: string }> {
    const { db } = this.options;
    const wiki = await this.requireWiki(principal, wikiId);
    if (!(await getPage(db, { wikiId, pageId })))
      throw new AppError("not_found:wiki", "No such page in this wiki");
    if (await this.activeRun(wiki))
      throw new AppError("conflict:wiki", "The wiki is being generated; wait for it to finish");
    const started = await this.startRun(principal, wiki, { wiki_id: wiki.id, page_ids: [pageId] });
    return { research_id: started.research_id as string, wiki_id: wiki.id };
  }

  /**
   * Brings a wiki to the repository's newest commit: fetches it (indexing it when new), then
   * a new wiki for that commit keeps the pages whose sources did not change and rewrites the rest.
   */
  async update(
    principal: Principal,
    wikiId: string,
    options: { token?: string } = {},
  ): Promise<StartWikiResponse> {
    const { db, repos } = this.options;
    const wiki = await this.requireWiki(principal, wikiId);
    const repository = await this.repository(wiki);
    const base = await getSnapshotById(db, { id: wiki.snapshotId });
    const added = await repos.addRepository(principal, {
      repo_url: repository.source,
      ...(base?.ref ? { ref: base.ref } : {}),
      ...((base?.filters as Record<string, string> | undefined) ?? {}),
      token: options.token,
    });
    const snapshot = await getSnapshotById(db, { id: added.snapshot_id });
    if (!snapshot) throw new AppError("not_found:snapshot", "The repository was removed");
    if (snapshot.commit === wiki.commit)
      return { research_id: null, wiki_id: wiki.id, status: "cached" };
    const key = {
      repoId: wiki.repoId,
      commit: snapshot.commit,
      language: wiki.language,
      wikiType: wiki.wikiType,
      provider: wiki.provider,
      model: wiki.model,
    };
    const existing = await findWiki(db, key);
    if (existing) {
      const active = await this.activeRun(existing);
      if (active) return { research_id: active, wiki_id: existing.id, status: "started" };
      if (existing.status === "ready")
        return { research_id: null, wiki_id: existing.id, status: "cached" };
    }
    const target =
      existing ??
      (await insertWiki(db, {
        id: randomUUID(),
        ...key,
        snapshotId: snapshot.id,
        structural: wiki.structural,
        title: wiki.title,
        description: wiki.description,
        createdBy: principal.userId,
      }));
    return this.startRun(principal, target, {
      wiki_id: target.id,
      ...(wiki.structural ? {} : { from_wiki_id: wiki.id }),
    });
  }

  private async startRun(
    principal: Principal,
    wiki: WikiRow,
    input: WikiRunInput,
  ): Promise<StartWikiResponse> {
    const repository = await this.repository(wiki);
    const label = `${repository.owner}/${repository.name}`;
    const started = await this.options.runs.startRun({
      kind: "wiki",
      input: { ...input, repository: label },
      principal,
      title: `Wiki: ${label} @ ${wiki.commit.slice(0, 10)} (${wiki.language}, ${wiki.wikiType})`,
    });
    const runId = started.snapshot.research_id;
    await updateWiki(this.options.db, { id: wiki.id, runId, status: "generating", error: null });
    return {
      research_id: runId,
      wiki_id: wiki.id,
      status: started.queuePosition ? "queued" : "started",
      ...(started.queuePosition ? { queue_position: started.queuePosition } : {}),
    };
  }

  private async viewOf(wiki: WikiRow): Promise<WikiView> {
    const { db } = this.options;
    const repository = await this.repository(wiki);
    const pages = await listPages(db, { wikiId: wiki.id });
    const latest = await newestSnapshotLike(db, { snapshotId: wiki.snapshotId });
    const newer = latest && latest.commit !== wiki.commit ? latest : null;
    const stale = new Set(newer ? await stalePageIds(db, wiki, pages, newer.id) : []);
    const structure = (wiki.structure as StoredStructure | null) ?? {
      sections: [],
      rootSections: [],
    };
    return {
      ...summaryOf(wiki, repository),
      description: wiki.description,
      status: await this.effectiveStatus(wiki, pages),
      error: wiki.error,
      research_id: wiki.runId,
      sections: structure.sections,
      root_sections: structure.rootSections,
      pages: pages.map((page) => pageView(page, stale.has(page.pageId))),
      latest_commit: newer?.commit ?? null,
      stale_pages: [...stale],
      usage: await usageTotals(db, { wikiId: wiki.id }),
    };
  }

  /** A wiki left `generating` by a run that ended abnormally shows what it really holds. */
  private async effectiveStatus(wiki: WikiRow, pages?: WikiPageRow[]): Promise<WikiStatusName> {
    if (wiki.status !== "generating") return wiki.status;
    if (await this.activeRun(wiki)) return "generating";
    return statusOfPages(pages ?? (await listPages(this.options.db, { wikiId: wiki.id })));
  }

  /** The id of the run working on this wiki, if it is queued or going. */
  async activeRun(wiki: WikiRow): Promise<string | null> {
    if (!wiki.runId) return null;
    const run = await this.options.runs.peekRun(wiki.runId);
    if (!run) return null;
    const status: RunStatus = run.status === "cancelling" ? "in_progress" : run.status;
    return isTerminalStatus(status) ? null : run.id;
  }

  /** The wiki when the viewer sees its repository; a hidden one is the same 404 as none. */
  private async requireWiki(viewer: Viewer, wikiId: string): Promise<WikiRow> {
    const wiki = await getWiki(this.options.db, { id: wikiId });
    if (!wiki || !(await this.options.repos.canSee(viewer, wiki.repoId)))
      throw new AppError("not_found:wiki", "Wiki not found");
    return wiki;
  }

  private async repository(wiki: WikiRow): Promise<RepositoryRow> {
    const repository = await getRepositoryById(this.options.db, { id: wiki.repoId });
    if (!repository) throw new AppError("not_found:repo", "The repository was removed");
    return repository;
  }
}

/** What a wiki's list item and its full view share. */
function summaryOf(wiki: WikiRow, repository: RepositoryRow) {
  return {
    wiki_id: wiki.id,
    repo_id: wiki.repoId,
    owner: repository.owner,
    name: repository.name,
    source: repository.source,
    commit: wiki.commit,
    language: wiki.language,
    wiki_type: wiki.wikiType,
    provider: wiki.provider,
    model: wiki.model,
    structural: wiki.structural,
    title: wiki.title,
    created_at: wiki.createdAt.toISOString(),
    updated_at: wiki.updatedAt.toISOString(),
  };
}

function pageView(page: WikiPageRow, stale: boolean) {
  return {
    id: page.pageId,
    title: page.title,
    description: page.description,
    importance: page.importance,
    file_paths: page.filePaths,
    related_pages: page.relatedPages,
    section_id: page.sectionId,
    status: page.status,
    content: page.content,
    error: page.error,
    stale,
    checks: page.checks ?? null,
  };
}
