import { type HistoryItem, isTerminalStatus } from "@/lib/protocol/runs";
import { foldRunState, initialRunState, type RunInput, type RunState } from "./run-state";

/** What a runs list shows of one run: its history row, kept current by the run's follower. */
export interface RunSummary extends RunState {
  status: NonNullable<RunState["status"]>;
  kind: string;
  query: string;
  /** The repository a research reads, for runs whose title does not say it. */
  repository: string | null;
  /** From the history row, or from the start and end times once both are known. */
  durationSeconds: number | null;
}

/**
 * A history row, merged over what the client already knows. A history response carries
 * no sequence number, so it may be older than what was folded in already: a run seen
 * finished never goes back to running, and the followed fields are kept.
 */
export function summaryFromHistory(item: HistoryItem, known?: RunSummary): RunSummary {
  if (known && isTerminalStatus(known.status) && !isTerminalStatus(item.status)) return known;
  const base = known ?? { ...initialRunState(item.id), steps: null };
  return {
    ...base,
    kind: item.kind,
    query: item.query,
    repository: item.repository ?? null,
    status: item.status,
    progress: Math.max(base.progress, item.progress),
    message: item.message || base.message,
    error: item.error ?? base.error,
    createdAt: item.created_at,
    completedAt: item.completed_at ?? base.completedAt,
    queuePosition: item.status === "queued" ? base.queuePosition : null,
    durationSeconds: item.duration_seconds ?? known?.durationSeconds ?? null,
  };
}

/** foldRunState, with the duration worked out once the run has both a start and an end. */
export function foldRunSummary(run: RunSummary, input: RunInput): RunSummary {
  const next = foldRunState(run, input);
  if (next === run) return run;
  const { startedAt, completedAt } = next;
  return {
    ...next,
    status: next.status ?? run.status,
    durationSeconds:
      startedAt && completedAt
        ? Math.max(0, (Date.parse(completedAt) - Date.parse(startedAt)) / 1000)
        : next.durationSeconds,
  };
}
