import { describe, expect, it } from "vitest";
import type { RunEvent, RunSnapshot } from "@/lib/protocol/runs";
import { foldRunState, initialRunState, type RunInput, type RunState } from "./run-state";

const event = (seq: number, extra: Partial<RunEvent> = {}): RunEvent => ({
  research_id: "r1",
  seq,
  kind: "research",
  type: "progress",
  status: "in_progress",
  progress: seq * 10,
  message: `Step ${seq}`,
  phase: "working",
  ...extra,
});

const snapshot = (seq: number, extra: Partial<RunSnapshot> = {}): RunSnapshot => ({
  research_id: "r1",
  kind: "research",
  status: "in_progress",
  progress: seq * 10,
  message: `Step ${seq}`,
  phase: "working",
  steps: null,
  seq,
  created_at: "2025-01-01T00:00:00.000Z",
  ...extra,
});

const entry = (time: string, message = "line") => ({
  time,
  message,
  type: "milestone" as const,
  metadata: { phase: "working" },
});

const fold = (...inputs: RunInput[]) => inputs.reduce(foldRunState, initialRunState("r1"));

describe("foldRunState", () => {
  it("folds events once, in seq order, and ignores stale ones", () => {
    const state = fold(event(2, { steps: { done: 1, total: 3 } }), event(1, { status: "queued" }));
    expect(state).toMatchObject({
      seq: 2,
      stateSeq: 2,
      kind: "research",
      status: "in_progress",
      progress: 20,
      message: "Step 2",
      steps: { done: 1, total: 3 },
    });
    expect(foldRunState(state, event(2, { progress: 90 }))).toBe(state);
  });

  it("never lets progress go backwards", () => {
    expect(fold(event(5), event(6, { progress: 10 })).progress).toBe(50);
    expect(fold(event(5), snapshot(7, { progress: 10 })).progress).toBe(50);
  });

  it("keeps a message until an event says something new", () => {
    expect(fold(event(1), event(2, { message: undefined })).message).toBe("Step 1");
  });

  it("drops the steps of a phase that ended, keeps them within a phase", () => {
    const counting = fold(event(1, { steps: { done: 1, total: 4 } }));
    expect(foldRunState(counting, event(2)).steps).toEqual({ done: 1, total: 4 });
    expect(foldRunState(counting, event(2, { phase: "writing" })).steps).toBeNull();
  });

  it("keeps the queue position only while queued", () => {
    let state = fold(snapshot(1, { status: "queued", queue_position: 2 }));
    expect(state.queuePosition).toBe(2);
    state = foldRunState(state, event(2));
    expect(state.queuePosition).toBeNull();
  });

  it("takes a snapshot unless newer events were folded in, and still takes older events' seq", () => {
    const ahead = fold(snapshot(10, { status: "completed", progress: 100 }));
    const replayed = foldRunState(ahead, event(4, { progress: 40 }));
    expect(replayed).toMatchObject({ status: "completed", progress: 100, seq: 4, stateSeq: 10 });
    expect(foldRunState(fold(event(6)), snapshot(5))).toEqual(fold(event(6)));
  });

  it("times the start and the end from the log entries that say so", () => {
    const state = fold(
      event(1, { status: "queued", log_entry: entry("2025-01-01T00:00:00.000Z") }),
      event(2, { log_entry: entry("2025-01-01T00:00:01.000Z") }),
      event(3, { status: "completed", log_entry: entry("2025-01-01T00:00:09.000Z") }),
    );
    expect(state).toMatchObject({
      startedAt: "2025-01-01T00:00:01.000Z",
      completedAt: "2025-01-01T00:00:09.000Z",
    });
  });

  it("says why a run failed, from the event or the snapshot", () => {
    expect(fold(event(1, { status: "failed", message: "The model failed" })).error).toBe(
      "The model failed",
    );
    expect(fold(snapshot(1, { status: "failed", error: "Clone timed out" })).error).toBe(
      "Clone timed out",
    );
  });

  it("keeps the fields of a view that extends it", () => {
    const view: RunState & { pages: string[] } = { ...initialRunState("r1"), pages: ["a"] };
    expect(foldRunState(view, event(1)).pages).toEqual(["a"]);
    expect(foldRunState(view, snapshot(1)).pages).toEqual(["a"]);
  });
});
