import { indexProgressSchema, progressOf } from "@/lib/protocol/run-progress";
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

/** What the repository pages show of an index run: its state, the latest log lines, the files counted. */
export interface IndexRunView extends RunState {
  logs: LogLine[];
  /** Files parsed again, and unchanged files whose index was reused, so far. */
  counts: { parsed: number; reused: number };
}

export function initialIndexRunView(runId: string): IndexRunView {
  return { ...initialRunState(runId), logs: [], counts: { parsed: 0, reused: 0 } };
}

/** foldRunState, plus each new event's log line (the latest few) and file counts. */
export function foldIndexRunView(view: IndexRunView, input: RunInput): IndexRunView {
  const next = foldRunState(view, input);
  if (!isNewEvent(view, input)) return next;
  const line = logLineOf(input);
  const said = progressOf(indexProgressSchema, input);
  return {
    ...next,
    logs: line ? [...view.logs, line].slice(-VISIBLE_LOG_LINES) : view.logs,
    counts: said
      ? {
          parsed: view.counts.parsed + (said.parsed?.length ?? 0),
          reused: view.counts.reused + (said.reused ?? 0),
        }
      : view.counts,
  };
}

export const indexRunFold: RunFold<IndexRunView> = {
  initial: initialIndexRunView,
  fold: foldIndexRunView,
};
