import { describe, expect, it } from "vitest";
import type { RunEvent, RunSnapshot } from "@/lib/protocol/runs";
import { stepsLabel } from "../runs/run-labels";
import type { RunInput } from "../runs/run-state";
import {
  foldResearchView,
  initialResearchView,
  type ResearchView,
  reportText,
} from "./research-view";

const foldAll = (view: ResearchView, inputs: RunInput[]) => inputs.reduce(foldResearchView, view);

let seq = 0;
function event(extra: Partial<RunEvent>): RunEvent {
  seq++;
  return {
    research_id: "r",
    seq,
    kind: "research",
    type: "progress",
    status: "in_progress",
    progress: seq,
    message: `event ${seq}`,
    phase: "retrieving",
    ...extra,
  };
}
const log = (message: string, metadata: Record<string, unknown> = {}) =>
  ({
    time: "2025-01-01T00:00:00.000Z",
    message,
    type: "info",
    metadata: { phase: "x", ...metadata },
  }) as const;

describe("the research view", () => {
  it("knows what the report is written from once the run says so", () => {
    seq = 0;
    let view = initialResearchView("r");
    view = foldAll(view, [event({ type: "log", log_entry: log("Searched") })]);
    expect(view.evidence).toBeNull();
    view = foldAll(view, [
      event({
        type: "log",
        log_entry: log("Writing from 2 files read", {
          evidence_paths: ["src/a.ts", "src/b.ts"],
          commit: "abc123",
        }),
      }),
    ]);
    expect(view.evidence).toEqual({ commit: "abc123", paths: ["src/a.ts", "src/b.ts"] });
  });

  it("assembles the report by section and starts a section over when it is rewritten", () => {
    seq = 0;
    let view = initialResearchView("r");
    view = foldAll(view, [
      event({ type: "partial", partial: { page_id: "section-1", text: "# T\n\n## A\n\n" } }),
      event({ type: "partial", partial: { page_id: "section-1", text: "alpha" } }),
      event({ type: "partial", partial: { page_id: "section-2", text: "## B\n\nbet" } }),
    ]);
    expect(reportText(view)).toBe("# T\n\n## A\n\nalpha## B\n\nbet");
    view = foldAll(view, [
      event({ type: "log", log_entry: log("again", { rewrite_page_id: "section-2" }) }),
      event({ type: "partial", partial: { page_id: "section-2", text: "## B\n\nbeta" } }),
    ]);
    expect(reportText(view)).toBe("# T\n\n## A\n\nalpha## B\n\nbeta");
    expect(view.logs.map((line) => line.message)).toEqual(["again"]);
  });

  it("keeps wiki page drafts out of the report", () => {
    seq = 0;
    const view = foldAll(initialResearchView("r"), [
      event({ kind: "wiki", type: "partial", partial: { page_id: "overview", text: "page" } }),
    ]);
    expect(reportText(view)).toBe("");
  });

  it("takes state from a snapshot ahead of the events, and logs from every event", () => {
    seq = 0;
    const snapshot: RunSnapshot = {
      research_id: "r",
      kind: "research",
      status: "completed",
      progress: 100,
      message: "done",
      phase: "concluding",
      steps: null,
      seq: 3,
      created_at: "2025-01-01T00:00:00.000Z",
      started_at: "2025-01-01T00:00:01.000Z",
      completed_at: "2025-01-01T00:01:01.000Z",
    };
    let view = foldResearchView(initialResearchView("r"), snapshot);
    view = foldAll(view, [event({ type: "log", log_entry: log("one") }), event({ progress: 50 })]);
    expect(view.status).toBe("completed");
    expect(view.progress).toBe(100);
    expect(view.startedAt).toBe("2025-01-01T00:00:01.000Z");
    expect(view.logs).toHaveLength(1);
  });

  it("a failed event carries its reason", () => {
    seq = 0;
    const view = foldAll(initialResearchView("r"), [
      event({
        status: "failed",
        message: "The model provider failed",
        log_entry: { ...log("The model provider failed"), type: "error" },
      }),
    ]);
    expect(view.error).toBe("The model provider failed");
    expect(view.completedAt).toBe("2025-01-01T00:00:00.000Z");
  });

  it("names steps in the unit of the phase", () => {
    expect(stepsLabel("retrieving", { done: 1, total: 5 }, "research")).toBe("iteration 2 of 5");
    expect(stepsLabel("retrieving", { done: 5, total: 5 }, "research")).toBe("iteration 5 of 5");
    expect(stepsLabel("searching", { done: 3, total: 6 }, "research")).toBe("3 of 6 queries");
    expect(stepsLabel("reading", { done: 1, total: 5 }, "research")).toBe("iteration 2 of 5");
    expect(stepsLabel("writing", { done: 2, total: 6 }, "research")).toBe("section 3 of 6");
    expect(stepsLabel("writing", { done: 6, total: 6 }, "research")).toBe("6 of 6 sections");
    expect(stepsLabel("planning", { done: 0, total: 1 }, "research")).toBe("");
    expect(stepsLabel("parsing", { done: 40, total: 404 }, "index")).toBe("40 of 404 files");
  });
});
