import type { RunEvent } from "@/lib/protocol/runs";
import type { WikiPageStatus, WikiPageView, WikiView } from "@/lib/protocol/wiki";

// Builders shared by the wiki client's unit tests.

export function wikiPage(id: string, fields: Partial<WikiPageView> = {}): WikiPageView {
  return {
    id,
    title: id,
    description: "",
    importance: "medium",
    file_paths: [],
    related_pages: [],
    section_id: null,
    status: "pending",
    content: "",
    error: null,
    stale: false,
    checks: null,
    ...fields,
  };
}

export function wikiView(fields: Partial<WikiView> = {}): WikiView {
  return {
    wiki_id: "w1",
    repo_id: "local~shop",
    owner: "local",
    name: "shop",
    source: "/repos/shop",
    commit: "a".repeat(40),
    language: "en",
    wiki_type: "concise",
    provider: "openai",
    model: "fixture-chat",
    structural: false,
    title: "Shop",
    description: "",
    status: "generating",
    error: null,
    usage: { input_tokens: 0, output_tokens: 0, cost: 0, estimated: false },
    research_id: "run1",
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
    sections: [],
    root_sections: [],
    pages: [],
    latest_commit: null,
    stale_pages: [],
    ...fields,
  };
}

export function wikiEvent(seq: number, fields: Partial<RunEvent> = {}): RunEvent {
  return {
    research_id: "run1",
    seq,
    kind: "wiki",
    type: "progress",
    status: "in_progress",
    progress: seq,
    message: `step ${seq}`,
    phase: "planning",
    ...fields,
  };
}

/** A log event saying what happened to one page. */
export function pageEvent(seq: number, pageId: string, status: WikiPageStatus): RunEvent {
  return wikiEvent(seq, {
    type: "log",
    phase: `page:${pageId}`,
    log_entry: {
      time: "2025-01-01T00:00:00Z",
      message: `${pageId} ${status}`,
      type: "info",
      metadata: { phase: `page:${pageId}`, page_id: pageId, page_status: status },
    },
  });
}

export function partialEvent(seq: number, pageId: string, text: string): RunEvent {
  return wikiEvent(seq, {
    type: "partial",
    phase: `page:${pageId}`,
    partial: { page_id: pageId, text },
  });
}

export function structureEvent(seq: number): RunEvent {
  return wikiEvent(seq, {
    type: "log",
    log_entry: {
      time: "2025-01-01T00:00:00Z",
      message: "Planned 2 pages",
      type: "milestone",
      metadata: { phase: "planning", structure: true },
    },
  });
}
