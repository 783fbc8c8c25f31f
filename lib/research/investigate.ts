import { extractCitations } from "../chat/citations";
import { formatPassage } from "../llm/prompts/ask";
import { researchIterationPrompt } from "../llm/prompts/research-iteration";
import { researchPlanPrompt } from "../llm/prompts/research-plan";
import { generateStructured } from "../llm/structured";
import { TokenBudget } from "../llm/token-budget";
import type { ResearchFinding } from "../protocol/research";
import { progressOf, type ResearchEnv, withinBudget } from "./context";
import { newQueries, retrieveRound } from "./evidence";
import { iterationOutcomeSchema, type ResearchState, researchPlanSchema } from "./input";
import { checkCitations } from "./verify";

const MAX_QUERIES_PER_ITERATION = 6;

/** Phase `planning`: sub-questions and first queries; a continuation plans only the follow-up. */
export async function planResearch(
  env: ResearchEnv,
  state: ResearchState,
  previous?: { question: string },
): Promise<ResearchState> {
  const { run } = env;
  run.progress({
    phase: "planning",
    message: "Planning the research",
    progress: progressOf("planning", 0, 1),
    steps: { done: 0, total: 1 },
  });
  const planned = await run.step("plan", async () => {
    const model = env.model;
    const unplanned = () => ({ sub_questions: [run.input.query], queries: [run.input.query] });
    if (!model) return unplanned();
    return withinBudget(
      env,
      () =>
        generateStructured({
          model: model.model,
          schema: researchPlanSchema,
          name: "research plan",
          signal: run.signal,
          ...researchPlanPrompt({
            repository: env.repository,
            commit: env.snapshot.commit,
            question: run.input.query,
            language: run.input.language,
            previous: previous && {
              question: previous.question,
              findings: state.findings.map(describeFinding),
              queries: state.queries,
            },
          }),
        }),
      unplanned,
    );
  });
  let queries = newQueries(planned.queries, state.queries);
  if (queries.length === 0) queries = newQueries([run.input.query], state.queries);
  const next: ResearchState = {
    ...state,
    complete: false,
    questions: planned.sub_questions.map((text) => ({ text, open: true })),
    pending_queries: queries,
  };
  run.progress({
    phase: "planning",
    message: "Plan ready",
    progress: progressOf("planning", 1, 1),
    steps: { done: 1, total: 1 },
  });
  run.log(`Plan ready: ${next.questions.length} sub-questions, ${queries.length} queries`, {
    type: "milestone",
    phase: "planning",
    metadata: { sub_questions: next.questions.map((q) => q.text), queries },
  });
  return next;
}

/**
 * Phase `retrieving`: up to `iterations` rounds, each running only queries never run
 * before, reading passages not read before, and recording cited findings; stops early when
 * the model judges the evidence complete or nothing new is left to search.
 */
export async function investigate(
  env: ResearchEnv,
  start: ResearchState,
): Promise<{
  state: ResearchState;
  iterations: number;
}> {
  const { run } = env;
  const total = run.input.iterations;
  let state = start;
  let done = 0;
  for (
    let iteration = 1;
    iteration <= total && !state.complete && !env.budget.reached;
    iteration++
  ) {
    run.progress({
      phase: "retrieving",
      message: `Iteration ${iteration} of ${total}`,
      progress: progressOf("retrieving", iteration - 1, total),
      steps: { done: iteration - 1, total },
    });
    state = await run.step(`iteration-${iteration}`, () =>
      runIteration(env, state, iteration, total),
    );
    done = iteration;
    run.progress({
      phase: "retrieving",
      message: `Iteration ${iteration} of ${total} done`,
      progress: progressOf("retrieving", iteration, total),
      steps: { done: iteration, total },
    });
  }
  if (state.complete && done < total) {
    run.log(`Evidence complete after ${done} of ${total} iterations`, {
      type: "milestone",
      phase: "retrieving",
      metadata: { iterations: done, total },
    });
  }
  return { state, iterations: done };
}

async function runIteration(
  env: ResearchEnv,
  state: ResearchState,
  iteration: number,
  total: number,
): Promise<ResearchState> {
  const { run } = env;
  const openQuestions = state.questions.filter((q) => q.open).map((q) => q.text);
  let queries = newQueries(state.pending_queries, state.queries);
  if (queries.length === 0) queries = newQueries(openQuestions, state.queries);
  queries = queries.slice(0, MAX_QUERIES_PER_ITERATION);
  if (queries.length === 0 && state.pending_files.length === 0) {
    run.log(`Iteration ${iteration}: no new query is left to run; the evidence is what it is`, {
      type: "milestone",
      phase: "retrieving",
      metadata: { iteration, total, queries: [], passages: 0, findings: 0, complete: true },
    });
    return { ...state, complete: true, pending_queries: [] };
  }

  const budget = new TokenBudget(env.evidenceTokens);
  let queriesDone = 0;
  const round = await retrieveRound(env, {
    snapshotId: env.snapshot.id,
    queries,
    files: state.pending_files,
    readChunkIds: new Set(state.read_chunk_ids),
    readFiles: new Set(state.read_files),
    budget,
    signal: run.signal,
    onQuery: (query, found, fresh) => {
      queriesDone++;
      run.log(`Searched "${query}": ${fresh} new of ${found} results`, {
        phase: "searching",
        metadata: { iteration, query, results: found, new: fresh, queries_done: queriesDone },
      });
      // Searching fills the first half of the iteration's share of the bar, reading the rest.
      run.progress({
        phase: "searching",
        message: `Iteration ${iteration} of ${total}: searched ${queriesDone} of ${queries.length} queries`,
        progress: progressOf(
          "retrieving",
          iteration - 1 + (0.5 * queriesDone) / queries.length,
          total,
        ),
        steps: { done: queriesDone, total: queries.length },
      });
    },
  });
  for (const file of round.files) {
    run.log(`Read ${file.path} in full${file.truncated ? " (truncated to fit)" : ""}`, {
      phase: "retrieving",
      metadata: { iteration, path: file.path },
    });
  }

  const read: ResearchState = {
    ...state,
    queries: [...state.queries, ...queries],
    pending_queries: [],
    pending_files: [],
    read_chunk_ids: [...state.read_chunk_ids, ...round.passages.map((p) => p.chunk_id)],
    read_files: [...state.read_files, ...round.files.map((file) => file.path)],
  };
  const evidence = [...round.files.map((file) => file.text), ...round.passages.map(formatPassage)];

  run.progress({
    phase: "reading",
    message: `Iteration ${iteration} of ${total}: reading ${round.passages.length} passages and ${round.files.length} files`,
    progress: progressOf("retrieving", iteration - 0.5, total),
    steps: { done: iteration - 1, total },
  });
  let next: ResearchState;
  let dropped: string[] = [];
  let added: ResearchFinding[] = [];
  const model = env.model;
  const outcome =
    model &&
    (await withinBudget(
      env,
      () =>
        generateStructured({
          model: model.model,
          schema: iterationOutcomeSchema,
          name: "iteration findings",
          signal: run.signal,
          ...researchIterationPrompt({
            repository: env.repository,
            question: run.input.query,
            language: run.input.language,
            iteration,
            iterations: total,
            openQuestions,
            findings: state.findings.map(describeFinding),
            queriesRun: read.queries,
            passages: evidence,
          }),
        }),
      () => null,
    ));
  if (!outcome) {
    // No model, or none the budget pays for: what was read is the evidence.
    next = { ...read, complete: true };
  } else {
    const checked = await checkCitations(
      env.db,
      env.snapshot.id,
      outcome.findings.flatMap((finding) => finding.citations),
    );
    const valid = new Map(checked.map((c) => [c.text, c.valid]));
    dropped = [...new Set(checked.filter((c) => !c.valid).map((c) => c.text))];
    added = outcome.findings
      .map((finding) => ({
        claim: finding.claim,
        citations: [
          ...new Set(
            extractCitations(finding.citations.join("\n"))
              .map((match) => match.text)
              .filter((text) => valid.get(text)),
          ),
        ],
        iteration,
      }))
      .filter((finding) => finding.citations.length > 0);
    const stillOpen = new Set(outcome.open_questions);
    const pendingQueries = newQueries(outcome.next_queries, read.queries);
    next = {
      ...read,
      findings: [...read.findings, ...added],
      questions: [
        ...state.questions.map((q) => ({ text: q.text, open: q.open && stillOpen.has(q.text) })),
        ...outcome.open_questions
          .filter((text) => !state.questions.some((q) => q.text === text))
          .map((text) => ({ text, open: true })),
      ],
      pending_queries: pendingQueries,
      pending_files: outcome.files_to_read,
      // The model's word, unless it left nothing to look for: no open question, no query, no file.
      complete:
        outcome.complete ||
        (outcome.open_questions.length === 0 &&
          pendingQueries.length === 0 &&
          outcome.files_to_read.length === 0),
    };
  }
  if (dropped.length > 0) {
    run.log(`Dropped ${dropped.length} cited ranges that do not exist in the snapshot`, {
      type: "warning",
      phase: "retrieving",
      metadata: { iteration, citations: dropped },
    });
  }
  run.log(
    `Iteration ${iteration} of ${total} done: ${queries.length} queries, ${round.passages.length} passages, ${round.files.length} files, ${added.length} findings`,
    {
      type: "milestone",
      phase: "retrieving",
      metadata: {
        iteration,
        total,
        queries,
        passages: round.passages.length,
        files: round.files.map((file) => file.path),
        findings: added.length,
        open_questions: next.questions.filter((q) => q.open).map((q) => q.text),
        complete: next.complete,
      },
    },
  );
  return next;
}

export const describeFinding = (finding: ResearchFinding) =>
  `${finding.claim} (${finding.citations.join(", ")})`;
