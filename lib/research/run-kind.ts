import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { DEFAULT_CONTEXT_TOKENS } from "../llm/context-windows";
import type { ModelRegistry } from "../llm/models";
import { UsageMeter, withUsageMeter } from "../llm/usage-scope";
import type { ResearchReport } from "../protocol/research";
import { getRepositoryById, getSnapshotById, type SnapshotRow } from "../repos/queries";
import type { RunContext, RunKind } from "../runs/kinds";
import { getRunById } from "../runs/queries";
import type { QueryRewrite } from "../search/query-rewrite";
import type { SnapshotSearch } from "../search/retrieval";
import { usageTotals } from "../usage/queries";
import { concludeReport } from "./conclude";
import type { ResearchEnv } from "./context";
import { type ResearchInput, researchInputSchema } from "./input";
import { investigate, planResearch } from "./investigate";
import { quickAnswer } from "./quick";
import { threadOf } from "./thread";
import { writeReport } from "./write-report";

export interface ResearchDeps {
  db: Database;
  search: SnapshotSearch;
  queryRewrite: QueryRewrite;
  models: ModelRegistry;
}

/** `kind: "research"`, started by `POST /api/start_research` only. */
export function createResearchRunKind(deps: ResearchDeps): RunKind<ResearchInput> {
  return {
    kind: "research",
    input: researchInputSchema,
    describe: (input) => input.query,
    resumable: true,
    startable: false,
    execute: async (run) => {
      // Every model call of the run counts against it, its user and its budget; a resumed
      // run starts from what it already spent.
      const meter = new UsageMeter(
        { userId: run.userId, runId: run.runId },
        { maxTokens: run.input.max_tokens, maxCost: run.input.max_cost },
        await usageTotals(deps.db, { runId: run.runId }),
      );
      return withUsageMeter(meter, () => runResearch(deps, run, meter));
    },
  };
}

async function runResearch(
  deps: ResearchDeps,
  run: RunContext<ResearchInput>,
  meter: UsageMeter,
): Promise<ResearchReport> {
  const { input } = run;
  const snapshot = await indexedSnapshot(deps.db, run);
  const repository = await getRepositoryById(deps.db, { id: snapshot.repoId });
  if (!repository) throw new AppError("not_found:repo", "The repository was removed");
  const model = await deps.models.resolveChat({ provider: input.provider, model: input.model });
  if (!model) {
    run.log("No model is configured: the report lists the most relevant passages instead", {
      type: "warning",
    });
  }
  const env: ResearchEnv = {
    run,
    db: deps.db,
    search: deps.search,
    queryRewrite: deps.queryRewrite,
    model,
    repository: `${repository.owner}/${repository.name}`,
    snapshot,
    evidenceTokens: Math.max(
      2_000,
      Math.floor((model?.contextTokens ?? DEFAULT_CONTEXT_TOKENS) * 0.6) - 2_000,
    ),
    budget: { reached: null },
  };
  const thread = await run.step("thread", () =>
    threadOf(deps.db, { runId: run.runId, userId: run.userId, parentId: input.parent_id }),
  );
  if (thread.parent) {
    run.log(
      `Continuing from ${thread.parent.id}: ${thread.state.findings.length} findings, ${thread.state.queries.length} queries already run`,
      { type: "milestone", metadata: { parent_id: thread.parent.id, thread: thread.thread } },
    );
  }

  let state = thread.state;
  let iterations = 1;
  let body: string;
  if (input.mode === "quick") {
    ({ state, body } = await quickAnswer(env, state, thread.parent));
  } else {
    state = await planResearch(
      env,
      state,
      thread.parent ? { question: thread.parent.query } : undefined,
    );
    ({ state, iterations } = await investigate(env, state));
    body = await writeReport(env, state);
  }
  const concluded = await run.step("conclude", () => concludeReport(env, state, body));

  const report: ResearchReport = {
    content: concluded.content,
    sources: concluded.sources,
    metadata: {
      query: input.query,
      mode: input.mode,
      iterations,
      iterations_requested: input.mode === "quick" ? 1 : input.iterations,
      repo_url: input.repo_url,
      ref: input.ref ?? null,
      commit: snapshot.commit,
      provider: model?.provider ?? "none",
      model: model?.modelId ?? "none",
      language: input.language,
      parent_id: thread.parent?.id ?? null,
      root_id: thread.root_id,
      thread: thread.thread,
      questions: state.questions,
      findings: state.findings,
      queries: state.queries,
      new_queries: state.queries.slice(thread.state.queries.length),
      read_chunk_ids: state.read_chunk_ids,
      read_files: state.read_files,
      citations: concluded.citations,
      model_written: Boolean(model),
      usage: await settledTotals(meter),
      budget_reached: env.budget.reached,
    },
  };
  run.emit({ type: "result", result: report, message: "Report complete" });
  return report;
}

async function settledTotals(meter: UsageMeter) {
  await meter.settled();
  return meter.totals();
}

/** The snapshot the research reads, once its index run has finished. */
async function indexedSnapshot(db: Database, run: RunContext<ResearchInput>): Promise<SnapshotRow> {
  let announced = false;
  for (;;) {
    run.signal.throwIfAborted();
    const snapshot = await getSnapshotById(db, { id: run.input.snapshot_id });
    if (!snapshot) throw new AppError("not_found:snapshot", "The repository was removed");
    if (snapshot.status === "ready") return snapshot;
    const indexRun = snapshot.runId ? await getRunById(db, { id: snapshot.runId }) : null;
    if (
      snapshot.status === "failed" ||
      (indexRun && ["failed", "cancelled"].includes(indexRun.status))
    ) {
      throw new AppError(
        "unavailable:repo",
        `Indexing the repository failed${indexRun?.error ? `: ${indexRun.error}` : ""}`,
      );
    }
    if (!announced) {
      announced = true;
      run.progress({ phase: "indexing", message: "Waiting for the repository index", progress: 1 });
    }
    await sleep(250, undefined, { signal: run.signal }).catch(() => {});
  }
}
