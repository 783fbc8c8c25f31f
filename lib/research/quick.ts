import { askSystemPrompt, formatPassage } from "../llm/prompts/ask";
import { noModelAnswer } from "../llm/prompts/no-model";
import { TokenBudget } from "../llm/token-budget";
import type { SearchResult } from "../search/retrieval";
import { announceEvidence, progressOf, type ResearchEnv, withinBudget } from "./context";
import { newQueries, retrieveRound } from "./evidence";
import type { ResearchState } from "./input";
import { describeFinding } from "./investigate";
import { streamProse } from "./stream-text";
import { sectionPageId } from "./write-report";

const QUICK_PASSAGES = 20;

/**
 * `quick` mode: one retrieval round, then a cited answer streamed as the report. A
 * follow-up answers from the parent's findings and the passages found for its question.
 */
export async function quickAnswer(
  env: ResearchEnv,
  start: ResearchState,
  parent: { query: string } | null,
): Promise<{ state: ResearchState; body: string }> {
  const { run } = env;
  run.progress({
    phase: "retrieving",
    message: "Searching the repository",
    progress: progressOf("retrieving", 0, 1),
    steps: { done: 0, total: 1 },
  });
  const retrieved = await run.step("iteration-1", async () => {
    const queries = newQueries([run.input.query], start.queries);
    const searched = await env.queryRewrite.searchQuery({
      question: queries[0] ?? run.input.query,
      model: env.model?.model ?? null,
      repository: env.repository,
      signal: run.signal,
    });
    const round = await retrieveRound(env, {
      snapshotId: env.snapshot.id,
      queries: [searched],
      files: [],
      // A follow-up asks something new: its passages are ranked for it among all of the
      // repository, the parent's included, and its prompt carries the parent's findings.
      readChunkIds: new Set(),
      readFiles: new Set(),
      budget: new TokenBudget(env.evidenceTokens),
      signal: run.signal,
      perQuery: QUICK_PASSAGES,
    });
    const state: ResearchState = {
      ...start,
      queries: [...start.queries, ...queries],
      read_chunk_ids: [
        ...new Set([...start.read_chunk_ids, ...round.passages.map((p) => p.chunk_id)]),
      ],
    };
    return { state, passages: round.passages };
  });
  run.progress({
    phase: "retrieving",
    message: `${retrieved.passages.length} passages found`,
    progress: progressOf("retrieving", 1, 1),
    steps: { done: 1, total: 1 },
  });
  run.log(`Retrieval done: ${retrieved.passages.length} passages`, {
    type: "milestone",
    phase: "retrieving",
    metadata: {
      iteration: 1,
      total: 1,
      queries: [run.input.query],
      passages: retrieved.passages.length,
    },
  });

  run.progress({
    phase: "writing",
    message: "Writing the answer",
    progress: progressOf("writing", 0, 1),
    steps: { done: 0, total: 1 },
  });
  announceEvidence(env, {
    paths: retrieved.passages.map((passage) => passage.path),
    findings: parent ? start.findings : [],
  });
  const earlier = parent
    ? { question: parent.query, findings: start.findings.map(describeFinding) }
    : undefined;
  const body = await run.step(sectionPageId(0), () => answer(env, retrieved.passages, earlier));
  run.progress({
    phase: "writing",
    message: "Answer written",
    progress: progressOf("writing", 1, 1),
    steps: { done: 1, total: 1 },
  });
  return { state: retrieved.state, body };
}

async function answer(
  env: ResearchEnv,
  passages: SearchResult[],
  earlier: { question: string; findings: string[] } | undefined,
): Promise<string> {
  const { run } = env;
  const pageId = sectionPageId(0);
  if (run.attempt > 1) {
    run.log("Writing the answer again after the restart", {
      type: "warning",
      phase: "writing",
      metadata: { rewrite_page_id: pageId },
    });
  }
  const withoutModel = () => {
    const text = noModelAnswer({ passages, language: run.input.language });
    run.partial(text, { pageId });
    return text;
  };
  const model = env.model;
  if (!model) return withoutModel();
  return withinBudget(
    env,
    () =>
      streamProse({
        model,
        signal: run.signal,
        system: askSystemPrompt({
          repository: env.repository,
          commit: env.snapshot.commit,
          language: run.input.language,
          passages: passages.map(formatPassage),
          earlier,
        }),
        prompt: run.input.query,
        onText: (text) => run.partial(text, { pageId }),
      }),
    withoutModel,
  );
}
