import { extractCitations } from "../chat/citations";
import type { Database } from "../db/client";
import type { ResolvedChatModel } from "../llm/models";
import { isBudgetReached } from "../llm/usage-scope";
import type { SnapshotRow } from "../repos/queries";
import type { RunContext } from "../runs/kinds";
import type { QueryRewrite } from "../search/query-rewrite";
import type { SnapshotSearch } from "../search/retrieval";
import type { ResearchInput } from "./input";

/** Everything one research run works with, resolved once at its start. */
export interface ResearchEnv {
  run: RunContext<ResearchInput>;
  db: Database;
  search: SnapshotSearch;
  /** Quick mode searches the question itself: rewritten into the code's words when switched on. */
  queryRewrite: QueryRewrite;
  /** Null when no model is configured: the report is then ranked passages. */
  model: ResolvedChatModel | null;
  repository: string;
  snapshot: SnapshotRow;
  /** Tokens a prompt may spend on evidence. */
  evidenceTokens: number;
  /** Set once the run's budget refused a model call: later phases make no more calls. */
  budget: { reached: string | null };
}

/**
 * A model call under the run's budget: when the budget refuses it, the run notes why (once)
 * and goes on with `fallback` (what it has so far), ending completed with what it wrote.
 */
export async function withinBudget<T>(
  env: ResearchEnv,
  call: () => Promise<T>,
  fallback: () => T,
): Promise<T> {
  if (env.budget.reached) return fallback();
  try {
    return await call();
  } catch (error) {
    if (!isBudgetReached(error)) throw error;
    env.budget.reached = error.message;
    env.run.log(error.message, { type: "warning", metadata: { budget_reached: true } });
    return fallback();
  }
}

/** Where each phase sits on the 0–100 progress bar. */
const PHASE_SPAN = {
  planning: [2, 10],
  retrieving: [10, 60],
  writing: [60, 95],
  concluding: [95, 99],
} as const;

export function progressOf(phase: keyof typeof PHASE_SPAN, done: number, total: number): number {
  const [from, to] = PHASE_SPAN[phase];
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  return Math.round((from + (to - from) * fraction) * 10) / 10;
}

/**
 * Says, before the report is written, which files of which commit it is written from, so
 * viewers can link its citations while it streams (they are checked once it is written).
 */
export function announceEvidence(
  env: ResearchEnv,
  read: { paths: string[]; findings: { citations: string[] }[] },
): void {
  const cited = read.findings.flatMap((finding) =>
    extractCitations(finding.citations.join("\n")).map((citation) => citation.path),
  );
  const paths = [...new Set([...read.paths, ...cited])].sort();
  env.run.log(`Writing from ${paths.length} file${paths.length === 1 ? "" : "s"} read`, {
    phase: "writing",
    metadata: { evidence_paths: paths, commit: env.snapshot.commit },
  });
}
