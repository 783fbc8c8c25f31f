import { progressOf, wikiProgressSchema } from "@/lib/protocol/run-progress";
import type { WikiPageStatus, WikiPageView } from "@/lib/protocol/wiki";
import {
  foldRunState,
  initialRunState,
  isLive,
  isNewEvent,
  type RunInput,
  type RunState,
} from "../runs/run-state";

/** A page's state as the run last reported it, and the event that said so. */
export interface LivePage {
  status: WikiPageStatus;
  seq: number;
}

/** What a wiki page shows of the run writing it: the run's state and each page's. */
export interface WikiRunView extends RunState {
  pages: Record<string, LivePage>;
  /** The text streamed so far of each page being written (or just written). */
  drafts: Record<string, string>;
  /** The last event after which the wiki's plan changed (its sections and pages). */
  planSeq: number;
}

export function initialWikiRunView(runId: string): WikiRunView {
  return { ...initialRunState(runId), pages: {}, drafts: {}, planSeq: 0 };
}

/**
 * foldRunState, plus each page's state: a page that starts (again) begins an empty draft,
 * `partial` deltas extend it, the run says when it is written or failed, and when the plan
 * is made.
 */
export function foldWikiRunView(view: WikiRunView, input: RunInput): WikiRunView {
  const next = foldRunState(view, input);
  if (!isNewEvent(view, input)) return next;
  const event = input;
  let { pages, drafts, planSeq } = view;
  const said = progressOf(wikiProgressSchema, event);
  if (said?.page_id && said.page_status) {
    pages = { ...pages, [said.page_id]: { status: said.page_status, seq: event.seq } };
    if (said.page_status === "generating") drafts = { ...drafts, [said.page_id]: "" };
  }
  if (said?.structure) planSeq = event.seq;
  const partial = event.partial;
  if (partial?.page_id && partial.text) {
    const id = partial.page_id;
    drafts = { ...drafts, [id]: (drafts[id] ?? "") + partial.text };
    if (pages[id]?.status !== "generating") {
      pages = { ...pages, [id]: { status: "generating", seq: event.seq } };
    }
  }
  return { ...next, pages, drafts, planSeq };
}

/** The pages the run finished (written or failed) between two of its states. */
export function pagesFinished(before: WikiRunView, after: WikiRunView): string[] {
  return Object.entries(after.pages)
    .filter(
      ([id, page]) =>
        (page.status === "done" || page.status === "failed") && before.pages[id] !== page,
    )
    .map(([id]) => id);
}

/** What to show of one page. */
export interface ShownPage {
  status: WikiPageStatus;
  content: string;
  /** The text is the run's draft, not yet the checked copy: diagrams wait, citations are not linked. */
  draft: boolean;
}

/**
 * A page the run is writing now shows its draft. Otherwise the stored page, unless the run
 * said something about it after that copy was requested (`seenSeq`): then the run's state
 * (and finished draft) until the page is read again.
 */
export function shownPage(page: WikiPageView, live: WikiRunView, seenSeq: number): ShownPage {
  const reported = live.pages[page.id];
  if (reported?.status === "generating" && isLive(live)) {
    return { status: "generating", content: live.drafts[page.id] ?? "", draft: true };
  }
  if (!reported || reported.seq <= seenSeq) {
    return { status: page.status, content: page.content, draft: false };
  }
  const draft = live.drafts[page.id];
  if (reported.status === "done") {
    return { status: "done", content: draft || page.content, draft: Boolean(draft) };
  }
  return { status: reported.status, content: page.content, draft: false };
}
