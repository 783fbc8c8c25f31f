import { progressOf, researchProgressSchema } from "@/lib/protocol/run-progress";
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

/** What the run page knows of one run: its state, every log line, and the streamed report. */
export interface ResearchView extends RunState {
  logs: LogLine[];
  /**
   * The report as streamed so far, by part in the order parts began: text without a page
   * first, then `section-1`, `section-2`… A section written again (after a restart) starts over.
   */
  reportParts: { id: string; text: string }[];
  /** The `result` event's payload, once the run has one. */
  result: unknown;
  /**
   * What the report being written may cite: the commit and files the research read (a log
   * entry says so before writing), so its citations link while it streams.
   */
  evidence: { commit: string; paths: string[] } | null;
}

export function initialResearchView(runId: string): ResearchView {
  return { ...initialRunState(runId), logs: [], reportParts: [], result: null, evidence: null };
}

/** foldRunState, plus each new event's log line, report text, evidence and result. */
export function foldResearchView(view: ResearchView, input: RunInput): ResearchView {
  const next = foldRunState(view, input);
  if (!isNewEvent(view, input)) return next;
  const event = input;
  const said = progressOf(researchProgressSchema, event);
  let parts = view.reportParts;
  const writePart = (id: string, update: (text: string) => string) => {
    const at = parts.findIndex((part) => part.id === id);
    parts =
      at === -1
        ? [...parts, { id, text: update("") }]
        : parts.map((part, index) => (index === at ? { id, text: update(part.text) } : part));
  };
  if (said?.rewrite_page_id !== undefined) writePart(said.rewrite_page_id, () => "");
  const partial = event.partial;
  // A wiki run streams pages, not a report.
  if (partial && (next.kind === "research" || !partial.page_id)) {
    writePart(partial.page_id ?? "", (text) => text + partial.text);
  }
  const line = logLineOf(event);
  return {
    ...next,
    logs: line ? [...view.logs, line] : view.logs,
    reportParts: parts,
    evidence:
      said?.evidence_paths && said.commit
        ? { commit: said.commit, paths: said.evidence_paths }
        : view.evidence,
    result: event.type === "result" ? (event.result ?? null) : view.result,
  };
}

export const researchViewFold: RunFold<ResearchView> = {
  initial: initialResearchView,
  fold: foldResearchView,
};

/** The streamed report as one Markdown text. */
export const reportText = (view: ResearchView) =>
  view.reportParts.map((part) => part.text).join("");
