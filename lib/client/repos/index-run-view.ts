import { type IndexProgress, indexProgressSchema, progressOf } from "@/lib/protocol/run-progress";
import {
  foldRunState,
  initialRunState,
  isNewEvent,
  type LogLine,
  logLineOf,
  type RunInput,
  type RunState,
} from "../runs/run-state";
import type { RunFold } from "../runs/use-run";

/** How many of the latest log lines an index run shows. */
export const VISIBLE_LOG_LINES = 6;

/** The whole commit's counts, as the run's last log entry gives them. */
export type IndexSummary = NonNullable<IndexProgress["summary"]>;

/** What the repository pages show of an index run: its state, the latest log lines, the final counts. */
export interface IndexRunView extends RunState {
  logs: LogLine[];
  /** Files indexed, parsed, reused and skipped (by reason), once the run has finished. */
  summary: IndexSummary | null;
}

export function initialIndexRunView(runId: string): IndexRunView {
  return { ...initialRunState(runId), logs: [], summary: null };
}

/** foldRunState, plus each new event's log line (the latest few) and the final counts. */
export function foldIndexRunView(view: IndexRunView, input: RunInput): IndexRunView {
  const next = foldRunState(view, input);
  if (!isNewEvent(view, input)) return next;
  const line = logLineOf(input);
  const said = progressOf(indexProgressSchema, input);
  return {
    ...next,
    logs: line ? [...view.logs, line].slice(-VISIBLE_LOG_LINES) : view.logs,
    summary: said?.summary ?? view.summary,
  };
}

export const indexRunFold: RunFold<IndexRunView> = {
  initial: initialIndexRunView,
  fold: foldIndexRunView,
};
