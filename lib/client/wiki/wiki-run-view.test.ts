import { describe, expect, it } from "vitest";
import type { RunInput } from "../runs/run-state";
import {
  foldWikiRunView,
  initialWikiRunView,
  pagesFinished,
  shownPage,
  type WikiRunView,
} from "./wiki-run-view";
import { pageEvent, partialEvent, structureEvent, wikiEvent, wikiPage } from "./wiki-test-data";

const apply = (state: WikiRunView, ...inputs: RunInput[]) => inputs.reduce(foldWikiRunView, state);

describe("following a wiki run", () => {
  it("takes progress, phase and pages written from each new event, once", () => {
    const state = apply(
      initialWikiRunView("run1"),
      wikiEvent(1, { progress: 5 }),
      wikiEvent(2, { progress: 40, phase: "page:intro", steps: { done: 1, total: 4 } }),
    );
    expect(foldWikiRunView(state, wikiEvent(2, { progress: 90 }))).toBe(state);
    expect(state).toMatchObject({
      progress: 40,
      phase: "page:intro",
      steps: { done: 1, total: 4 },
    });
  });

  it("never shows progress going backwards", () => {
    const state = apply(
      initialWikiRunView("run1"),
      wikiEvent(1, { progress: 50 }),
      wikiEvent(2, { progress: 30 }),
    );
    expect(state.progress).toBe(50);
  });

  it("fills a page in from its partial deltas, starting over when the page starts again", () => {
    let state = apply(
      initialWikiRunView("run1"),
      pageEvent(1, "intro", "generating"),
      partialEvent(2, "intro", "# Intro"),
      partialEvent(3, "intro", "duction\n"),
    );
    expect(state.drafts.intro).toBe("# Introduction\n");
    expect(state.pages.intro.status).toBe("generating");
    state = apply(state, pageEvent(4, "intro", "generating"), partialEvent(5, "intro", "Again"));
    expect(state.drafts.intro).toBe("Again");
  });

  it("treats a page that streams without a start event as being written", () => {
    const state = apply(initialWikiRunView("run1"), partialEvent(1, "api", "text"));
    expect(state.pages.api).toEqual({ status: "generating", seq: 1 });
  });

  it("says when the plan is made and which pages were finished since an earlier state", () => {
    let state = apply(initialWikiRunView("run1"), wikiEvent(1));
    expect(state.planSeq).toBe(0);
    state = apply(state, structureEvent(2));
    expect(state.planSeq).toBe(2);
    const before = apply(state, pageEvent(3, "intro", "generating"), partialEvent(4, "intro", "x"));
    expect(pagesFinished(state, before)).toEqual([]);
    const after = apply(before, pageEvent(5, "intro", "done"), pageEvent(6, "api", "failed"));
    expect(pagesFinished(before, after)).toEqual(["intro", "api"]);
    expect(pagesFinished(after, apply(after, wikiEvent(7)))).toEqual([]);
  });

  it("reports why a run failed", () => {
    const state = apply(
      initialWikiRunView("run1"),
      wikiEvent(1, { type: "status", status: "failed", message: "The plan was empty" }),
    );
    expect(state.error).toBe("The plan was empty");
  });

  it("lets a snapshot move the status only when no newer event was applied", () => {
    const state = apply(initialWikiRunView("run1"), wikiEvent(5, { progress: 60 }));
    const older = foldWikiRunView(state, {
      research_id: "run1",
      kind: "wiki",
      status: "queued",
      progress: 0,
      message: "",
      phase: "",
      steps: null,
      seq: 2,
      created_at: "2025-01-01T00:00:00Z",
    });
    expect(older).toBe(state);
    const newer = foldWikiRunView(state, {
      research_id: "run1",
      kind: "wiki",
      status: "completed",
      progress: 100,
      message: "Done",
      phase: "concluding",
      steps: { done: 4, total: 4 },
      seq: 9,
      created_at: "2025-01-01T00:00:00Z",
    });
    expect(newer).toMatchObject({ status: "completed", progress: 100, steps: { done: 4 } });
  });
});

describe("what a page shows", () => {
  const stored = wikiPage("intro", { status: "done", content: "Stored text" });

  it("shows the draft of a page being written, even over a stored copy", () => {
    const live = apply(
      initialWikiRunView("run1"),
      pageEvent(3, "intro", "generating"),
      partialEvent(4, "intro", "New"),
    );
    expect(shownPage(stored, live, 10)).toEqual({
      status: "generating",
      content: "New",
      draft: true,
    });
  });

  it("shows the finished draft until the wiki is read again, then the stored copy", () => {
    const live = apply(
      initialWikiRunView("run1"),
      pageEvent(3, "intro", "generating"),
      partialEvent(4, "intro", "Written"),
      pageEvent(5, "intro", "done"),
    );
    const pending = wikiPage("intro");
    expect(shownPage(pending, live, 2)).toEqual({
      status: "done",
      content: "Written",
      draft: true,
    });
    expect(shownPage(stored, live, 5)).toEqual({
      status: "done",
      content: "Stored text",
      draft: false,
    });
  });

  it("shows a failure the run reported before the wiki is read again", () => {
    const live = apply(initialWikiRunView("run1"), pageEvent(3, "intro", "failed"));
    expect(shownPage(wikiPage("intro"), live, 1).status).toBe("failed");
  });

  it("shows the stored page when the run said nothing about it", () => {
    expect(shownPage(stored, initialWikiRunView("run1"), 0)).toEqual({
      status: "done",
      content: "Stored text",
      draft: false,
    });
  });
});
