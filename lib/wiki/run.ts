import { z } from "zod";
import type { Database } from "../db/client";
import { AppError, isAppError } from "../errors";
import type { ModelRegistry, ResolvedChatModel } from "../llm/models";
import { isBudgetReached, UsageMeter, withUsageMeter, withUsageTarget } from "../llm/usage-scope";
import { logger } from "../log";
import type { WikiProgress } from "../protocol/run-progress";
import { runBudgetSchema } from "../protocol/usage";
import { WIKI_STOPPED_ERROR } from "../protocol/wiki";
import { getLineCounts, getRepositoryById, getSnapshotById } from "../repos/queries";
import { cancelledByUser, type RunContext, type RunKind } from "../runs/kinds";
import type { SnapshotSearch } from "../search/retrieval";
import { usageTotals } from "../usage/queries";
import { writePage } from "./page-writer";
import { type PlanPage, planWiki } from "./plan";
import { carryOver, requireWiki, storePlan } from "./plan-store";
import {
  blobsOf,
  getRepositoryOfWiki,
  getWiki,
  listPages,
  setPagesStatus,
  statusOfPages,
  updatePage,
  updateWiki,
  type WikiPageRow,
  type WikiRow,
} from "./queries";
import { loadRepoContext } from "./repo-context";
import { buildStructuralWiki } from "./structural";

const log = logger("wiki");

export const wikiRunInputSchema = z.object({
  wiki_id: z.string().min(1),
  /** Only these pages are (re)written; absent: every page not written yet. */
  page_ids: z.array(z.string()).optional(),
  /** Plan the structure again although the wiki has one. */
  replan: z.boolean().optional(),
  /** Update from an older wiki of the repository: pages whose sources did not change are kept. */
  from_wiki_id: z.string().optional(),
  /** For the history line. */
  repository: z.string().optional(),
  ...runBudgetSchema.shape,
});
export type WikiRunInput = z.infer<typeof wikiRunInputSchema>;

export interface WikiRunDeps {
  db: Database;
  models: ModelRegistry;
  search: SnapshotSearch;
  pageConcurrency: number;
}

const PAGE_ATTEMPTS = 2;
const INDEX_POLL_MS = 300;

/** Generating a wiki is a run: plan, then each page as an idempotent step. */
export function createWikiRunKind(deps: WikiRunDeps): RunKind<WikiRunInput> {
  return {
    kind: "wiki",
    input: wikiRunInputSchema,
    describe: (input) => input.repository ?? `Wiki ${input.wiki_id}`,
    resumable: true,
    startable: false,
    repositoryOf: (input) => getRepositoryOfWiki(deps.db, { wikiId: input.wiki_id }),
    execute: async (ctx) => {
      // Every model call counts against the run, the wiki, its user and the run's budget.
      const meter = new UsageMeter(
        { userId: ctx.userId, runId: ctx.runId, wikiId: ctx.input.wiki_id },
        { maxTokens: ctx.input.max_tokens, maxCost: ctx.input.max_cost },
        await usageTotals(deps.db, { runId: ctx.runId }),
      );
      return withUsageMeter(meter, () => executeWikiRun(ctx, deps));
    },
  };
}

async function executeWikiRun(ctx: RunContext<WikiRunInput>, deps: WikiRunDeps) {
  const { db } = deps;
  const wiki = await requireWiki(db, ctx.input.wiki_id);
  await updateWiki(db, { id: wiki.id, status: "generating", error: null, runId: ctx.runId });
  try {
    return await generate(ctx, deps, wiki);
  } catch (error) {
    if (cancelledByUser(ctx.signal)) {
      // A page being written keeps its previous text if it had one, else goes back to
      // waiting; the wiki keeps what was written, and resuming it writes the rest.
      const interrupted = (await listPages(db, { wikiId: wiki.id })).filter(
        (page) => page.status === "generating",
      );
      for (const status of ["done", "pending"] as const) {
        await setPagesStatus(db, {
          wikiId: wiki.id,
          pageIds: interrupted
            .filter((page) => (page.content !== "") === (status === "done"))
            .map((page) => page.pageId),
          status,
        });
      }
      const status = statusOfPages(await listPages(db, { wikiId: wiki.id }));
      await updateWiki(db, {
        id: wiki.id,
        status,
        error: status === "ready" ? null : WIKI_STOPPED_ERROR,
      });
    } else if (!ctx.signal.aborted) {
      const status = statusOfPages(await listPages(db, { wikiId: wiki.id }));
      await updateWiki(db, {
        id: wiki.id,
        status: status === "ready" ? "partial" : status,
        error: isAppError(error) ? error.message : "Generation failed",
      });
    }
    throw error;
  }
}

async function generate(ctx: RunContext<WikiRunInput>, deps: WikiRunDeps, wiki: WikiRow) {
  const { db } = deps;
  const repository = await getRepositoryById(db, { id: wiki.repoId });
  if (!repository) throw new AppError("not_found:repo", "The repository was removed");
  const repoName = `${repository.owner}/${repository.name}`;

  ctx.progress({ phase: "indexing", message: `Waiting for the index of ${repoName}`, progress: 1 });
  await waitForSnapshot(db, wiki.snapshotId, ctx.signal);

  if (wiki.structural) return writeStructural(ctx, db, wiki, repoName);

  const resolved = await deps.models.resolveChat({ provider: wiki.provider, model: wiki.model });
  if (!resolved)
    throw new AppError(
      "unavailable:model",
      "No model is configured any more; configure one in Settings or generate a structural wiki",
    );

  let toWrite: string[] | undefined = ctx.input.page_ids;
  if (ctx.input.from_wiki_id) {
    toWrite = await ctx.step("carry-over", () =>
      carryOver(db, wiki, ctx.input.from_wiki_id as string),
    );
    ctx.log(
      toWrite.length === 0
        ? "No page's sources changed: every page was kept"
        : `${toWrite.length} page(s) have changed sources and will be rewritten`,
      { type: "milestone", phase: "planning", metadata: meta("planning", { structure: true }) },
    );
  } else if (ctx.input.replan || !wiki.structure) {
    ctx.progress({ phase: "planning", message: "Planning the wiki's structure", progress: 3 });
    const planned = await ctx
      .step("plan", async () => {
        const context = await loadRepoContext(db, wiki.snapshotId);
        const plan = await planWiki({
          model: resolved.model,
          context,
          repository: repoName,
          commit: wiki.commit,
          wikiType: wiki.wikiType,
          language: wiki.language,
          signal: ctx.signal,
        });
        await storePlan(db, wiki.id, plan);
        return plan.pages.length;
      })
      .catch((error: unknown) => {
        if (isBudgetReached(error)) return error;
        throw error;
      });
    if (isBudgetReached(planned)) return stopForBudget(ctx, db, wiki, planned.message);
    const plannedPages = await listPages(db, { wikiId: wiki.id });
    ctx.log(`Planned ${plannedPages.length} pages`, {
      type: "milestone",
      phase: "planning",
      metadata: meta("planning", { structure: true }),
    });
    ctx.progress({ progress: 10, message: `Planned ${plannedPages.length} pages` });
  } else if (toWrite) {
    await ctx.step("reset-pages", () =>
      setPagesStatus(db, { wikiId: wiki.id, pageIds: toWrite ?? [], status: "pending" }),
    );
  }

  const current = await getWiki(db, { id: wiki.id });
  const allPages = await listPages(db, { wikiId: wiki.id });
  const targets = allPages.filter((page) =>
    toWrite ? toWrite.includes(page.pageId) : page.status !== "done",
  );
  const pageRefs = allPages.map((page) => ({ id: page.pageId, title: page.title }));
  // Writing the rest of a wiki (resumed, or restarted after a crash) counts the pages already
  // written, so the steps read "3 of 5" on, not "0 of 2"; named pages count only themselves.
  const alreadyWritten = toWrite ? 0 : allPages.length - targets.length;
  let finished = alreadyWritten;
  const total = targets.length + alreadyWritten;
  const report = () =>
    ctx.progress({
      progress: 10 + (85 * finished) / Math.max(1, total),
      steps: { done: finished, total },
      message: `${finished} of ${total} pages written`,
    });
  report();

  const failures: string[] = [];
  // Set when the run's budget refused a model call: pages not started stay pending.
  let budgetReached: string | null = null;
  await runPool(targets, deps.pageConcurrency, ctx.signal, async (page) => {
    if (budgetReached) return;
    let outcome: "done" | "failed";
    try {
      outcome = await ctx.step(`page:${page.pageId}`, () =>
        withUsageTarget({ pageId: page.pageId }, () =>
          writeOnePage(ctx, deps, {
            wiki: current ?? wiki,
            repository: repoName,
            row: page,
            pages: pageRefs,
            model: resolved,
          }),
        ),
      );
    } catch (error) {
      if (!isBudgetReached(error)) throw error;
      budgetReached ??= error.message;
      await updatePage(db, { wikiId: wiki.id, pageId: page.pageId, status: "pending" });
      return;
    }
    if (outcome === "failed") failures.push(page.pageId);
    finished++;
    report();
  });
  if (budgetReached) return stopForBudget(ctx, db, wiki, budgetReached);

  const pages = await listPages(db, { wikiId: wiki.id });
  const done = pages.filter((page) => page.status === "done").length;
  const status = statusOfPages(pages);
  await updateWiki(db, {
    id: wiki.id,
    status,
    error: failures.length > 0 ? `${failures.length} page(s) could not be written` : null,
  });
  if (status === "failed")
    throw new AppError("unavailable:model", "No page of the wiki could be written");
  ctx.progress({ phase: "concluding", progress: 100, message: `Wiki ready: ${done} pages` });
  const result = {
    wiki_id: wiki.id,
    pages: pages.length,
    written: total - alreadyWritten - failures.length,
    failed: failures,
  };
  ctx.emit({ type: "result", message: "Wiki ready", result });
  return result;
}

async function writeOnePage(
  ctx: RunContext<WikiRunInput>,
  deps: WikiRunDeps,
  job: {
    wiki: WikiRow;
    repository: string;
    row: WikiPageRow;
    pages: { id: string; title: string }[];
    model: Pick<ResolvedChatModel, "model" | "contextTokens">;
  },
): Promise<"done" | "failed"> {
  const { db } = deps;
  const { row } = job;
  const phase = `page:${row.pageId}`;
  let lastError = "";
  for (let attempt = 1; attempt <= PAGE_ATTEMPTS; attempt++) {
    ctx.signal.throwIfAborted();
    await updatePage(db, {
      wikiId: row.wikiId,
      pageId: row.pageId,
      status: "generating",
      error: null,
    });
    ctx.log(attempt === 1 ? `Writing "${row.title}"` : `Retrying "${row.title}"`, {
      phase,
      metadata: meta(phase, { page_id: row.pageId, page_status: "generating", attempt }),
    });
    ctx.progress({ phase });
    try {
      const written = await writePage({
        db,
        search: deps.search,
        model: job.model.model,
        contextTokens: job.model.contextTokens,
        snapshotId: job.wiki.snapshotId,
        commit: job.wiki.commit,
        repository: job.repository,
        wikiTitle: job.wiki.title,
        language: job.wiki.language,
        page: toPlanPage(row),
        pages: job.pages,
        signal: ctx.signal,
        onDelta: (text) => ctx.partial(text, { pageId: row.pageId }),
      });
      await updatePage(db, {
        wikiId: row.wikiId,
        pageId: row.pageId,
        status: "done",
        content: written.content,
        sources: written.sources,
        // Written here: the text itself was checked and corrected (see WikiPageView.checks).
        checks: null,
        error: null,
        generatedAt: new Date(),
      });
      if (written.invalidCitations.length > 0)
        ctx.log(
          `"${row.title}": ${written.invalidCitations.length} citation(s) did not hold and were unlinked`,
          {
            type: "warning",
            phase,
            metadata: meta(phase, { page_id: row.pageId, citations: written.invalidCitations }),
          },
        );
      if (written.unrenderedDiagrams > 0)
        ctx.log(`"${row.title}": ${written.unrenderedDiagrams} diagram(s) shown as code`, {
          type: "warning",
          phase,
          metadata: meta(phase, { page_id: row.pageId }),
        });
      ctx.log(`Wrote "${row.title}"`, {
        type: "milestone",
        phase,
        metadata: meta(phase, { page_id: row.pageId, page_status: "done" }),
      });
      return "done";
    } catch (error) {
      if (ctx.signal.aborted || isBudgetReached(error)) throw error;
      lastError = isAppError(error) ? error.message : "The model failed while writing the page";
      log.warn("page attempt failed", {
        page: row.pageId,
        attempt,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  await updatePage(db, {
    wikiId: row.wikiId,
    pageId: row.pageId,
    status: "failed",
    error: lastError,
  });
  ctx.log(`Could not write "${row.title}": ${lastError}`, {
    type: "error",
    phase,
    metadata: meta(phase, { page_id: row.pageId, page_status: "failed" }),
  });
  return "failed";
}

async function writeStructural(
  ctx: RunContext<WikiRunInput>,
  db: Database,
  wiki: WikiRow,
  repository: string,
) {
  ctx.progress({ phase: "planning", message: "Building the structural wiki", progress: 5 });
  const count = await ctx.step("structural", async () => {
    const context = await loadRepoContext(db, wiki.snapshotId);
    const lineCounts = await getLineCounts(db, {
      snapshotId: wiki.snapshotId,
      paths: context.files.map((file) => file.path),
    });
    const built = buildStructuralWiki(context, repository, lineCounts);
    await storePlan(db, wiki.id, built.plan, built.contents);
    for (const page of built.plan.pages) {
      const sources = Object.fromEntries(
        await blobsOf(db, { snapshotId: wiki.snapshotId, paths: page.filePaths }),
      );
      await updatePage(db, { wikiId: wiki.id, pageId: page.id, sources });
    }
    return built.plan.pages.length;
  });
  await updateWiki(db, { id: wiki.id, status: "ready", error: null });
  ctx.log(`Built a structural wiki with ${count} pages (no model configured)`, {
    type: "milestone",
    phase: "concluding",
    metadata: meta("concluding", { structure: true }),
  });
  ctx.progress({ phase: "concluding", progress: 100, steps: { done: count, total: count } });
  const result = { wiki_id: wiki.id, pages: count, written: count, failed: [], structural: true };
  ctx.emit({ type: "result", message: "Structural wiki ready", result });
  return result;
}

/**
 * The run's budget refused the next model call: the run ends completed, the wiki keeps
 * the pages written (the rest wait, and resuming writes them) and says why it stopped.
 */
async function stopForBudget(
  ctx: RunContext<WikiRunInput>,
  db: Database,
  wiki: WikiRow,
  reason: string,
) {
  const pages = await listPages(db, { wikiId: wiki.id });
  const written = pages.filter((page) => page.status === "done").length;
  await updateWiki(db, {
    id: wiki.id,
    status: pages.length > 0 && written === pages.length ? "ready" : "partial",
    error: reason,
  });
  ctx.log(`${reason}; ${written} of ${pages.length} pages written`, {
    type: "warning",
    phase: "concluding",
    metadata: meta("concluding", { budget_reached: true }),
  });
  const result = {
    wiki_id: wiki.id,
    pages: pages.length,
    written,
    failed: [],
    budget_reached: reason,
  };
  ctx.emit({ type: "result", message: "Budget reached", result });
  return result;
}

function toPlanPage(row: WikiPageRow): PlanPage {
  return {
    id: row.pageId,
    title: row.title,
    description: row.description,
    importance: row.importance,
    filePaths: row.filePaths,
    relatedPages: row.relatedPages,
    sectionId: row.sectionId,
  };
}

function meta(phase: string, extra: WikiProgress & Record<string, unknown>) {
  return { phase, ...extra };
}

async function waitForSnapshot(db: Database, snapshotId: string, signal: AbortSignal) {
  for (;;) {
    signal.throwIfAborted();
    const snapshot = await getSnapshotById(db, { id: snapshotId });
    if (!snapshot) throw new AppError("not_found:snapshot", "The repository was removed");
    if (snapshot.status === "ready") return snapshot;
    if (snapshot.status === "failed")
      throw new AppError("unavailable:repo", "Indexing the repository failed");
    await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
  }
}

/** Runs `work` over items, `limit` at a time, stopping early when aborted. */
async function runPool<T>(
  items: T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      signal.throwIfAborted();
      await work(items[next++]);
    }
  });
  await Promise.all(lanes);
}
