import {
  isTerminalStatus,
  type RunEvent,
  type RunSnapshot,
  type RunStatus,
  type Steps,
} from "@/lib/protocol/runs";
import type { WikiLogMetadata, WikiPageStatus, WikiPageView } from "@/lib/protocol/wiki";

/** A page's state as the run last reported it, and the event that said so. */
export interface LivePage {
  status: WikiPageStatus;
  seq: number;
}

/** What a wiki page shows of the run writing it: overall progress and each page's state. */
export interface WikiLiveState {
  runId: string | null;
  status: RunStatus | null;
  progress: number;
  message: string;
  phase: string;
  /** Pages written of pages planned. */
  steps: Steps | null;
  /** The last event applied: later events only, each once. */
  seq: number;
  /** Where status, progress and message come from (an event or a snapshot, whichever is newer). */
  stateSeq: number;
  queuePosition?: number;
  error: string | null;
  pages: Record<string, LivePage>;
  /** The text streamed so far of each page being written (or just written). */
  drafts: Record<string, string>;
  /** The last event after which stored content changed: the wiki should be read again. */
  changedSeq: number;
}

export const initialWikiLiveState: WikiLiveState = {
  runId: null,
  status: null,
  progress: 0,
  message: "",
  phase: "",
  steps: null,
  seq: 0,
  stateSeq: 0,
  error: null,
  pages: {},
  drafts: {},
  changedSeq: 0,
};

export const liveStateFor = (runId: string): WikiLiveState => ({
  ...initialWikiLiveState,
  runId,
});

const PAGE_STATUSES: readonly string[] = ["pending", "generating", "done", "failed"];

/** The page fields of a log entry's metadata, when it has them. */
function wikiMetadata(event: RunEvent): Partial<WikiLogMetadata> {
  const metadata = event.log_entry?.metadata;
  if (!metadata) return {};
  const pageId = typeof metadata.page_id === "string" ? metadata.page_id : undefined;
  const status =
    typeof metadata.page_status === "string" && PAGE_STATUSES.includes(metadata.page_status)
      ? (metadata.page_status as WikiPageStatus)
      : undefined;
  return { page_id: pageId, page_status: status, structure: metadata.structure === true };
}

/**
 * One event of the run. A page that starts (again) begins an empty draft; `partial` deltas
 * extend it; the plan, a page written or failed, and the run's end mark the stored wiki as
 * changed. Only an event at least as new as the last snapshot moves the overall status.
 */
export function applyWikiEvent(state: WikiLiveState, event: RunEvent): WikiLiveState {
  if (event.seq <= state.seq) return state;
  let { pages, drafts, changedSeq } = state;

  const { page_id: pageId, page_status: pageStatus, structure } = wikiMetadata(event);
  if (pageId && pageStatus) {
    pages = { ...pages, [pageId]: { status: pageStatus, seq: event.seq } };
    if (pageStatus === "generating") drafts = { ...drafts, [pageId]: "" };
    if (pageStatus === "done" || pageStatus === "failed") changedSeq = event.seq;
  }
  if (structure) changedSeq = event.seq;

  const partial = event.partial;
  if (partial?.page_id && partial.text) {
    const id = partial.page_id;
    drafts = { ...drafts, [id]: (drafts[id] ?? "") + partial.text };
    if (pages[id]?.status !== "generating") {
      pages = { ...pages, [id]: { status: "generating", seq: event.seq } };
    }
  }
  if (isTerminalStatus(event.status)) changedSeq = event.seq;

  const next = { ...state, seq: event.seq, pages, drafts, changedSeq };
  if (event.seq < state.stateSeq) return next;
  return {
    ...next,
    status: event.status,
    progress: Math.max(state.progress, event.progress),
    message: event.message || state.message,
    phase: event.phase || state.phase,
    steps: event.steps ?? state.steps,
    stateSeq: event.seq,
    queuePosition: event.status === "queued" ? state.queuePosition : undefined,
    error: event.status === "failed" ? event.message || "The wiki could not be generated" : null,
  };
}

/** A snapshot replaces the overall fields unless newer events were already applied. */
export function applyWikiSnapshot(state: WikiLiveState, snapshot: RunSnapshot): WikiLiveState {
  if (snapshot.seq < state.stateSeq) return state;
  return {
    ...state,
    status: snapshot.status,
    progress: Math.max(state.progress, snapshot.progress),
    message: snapshot.message || state.message,
    phase: snapshot.phase || state.phase,
    steps: snapshot.steps ?? state.steps,
    stateSeq: snapshot.seq,
    queuePosition: snapshot.status === "queued" ? snapshot.queue_position : undefined,
    error:
      snapshot.status === "failed"
        ? (snapshot.error ?? (snapshot.message || "The wiki could not be generated"))
        : null,
  };
}

export const isRunning = (state: WikiLiveState) =>
  state.status === "queued" || state.status === "in_progress";

/** What to show of one page. */
export interface ShownPage {
  status: WikiPageStatus;
  content: string;
  /** The text is the run's draft, not yet the checked copy: diagrams wait, citations are not linked. */
  draft: boolean;
}

/**
 * A page the run is writing now shows its draft. Otherwise the stored page, unless the run
 * said something about it after that copy of the wiki was requested (`viewSeq`): then the
 * run's state (and finished draft) until the wiki is read again.
 */
export function shownPage(page: WikiPageView, live: WikiLiveState, viewSeq: number): ShownPage {
  const reported = live.pages[page.id];
  if (reported?.status === "generating" && isRunning(live)) {
    return { status: "generating", content: live.drafts[page.id] ?? "", draft: true };
  }
  if (!reported || reported.seq <= viewSeq) {
    return { status: page.status, content: page.content, draft: false };
  }
  const draft = live.drafts[page.id];
  if (reported.status === "done") {
    return { status: "done", content: draft || page.content, draft: Boolean(draft) };
  }
  return { status: reported.status, content: page.content, draft: false };
}
