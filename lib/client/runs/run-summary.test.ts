import { describe, expect, it } from "vitest";
import type { HistoryItem, RunEvent, RunSnapshot } from "@/lib/protocol/runs";
import { applyRunEvent, applyRunSnapshot, summaryFromHistory } from "./run-summary";

const item: HistoryItem = {
  id: "r1",
  kind: "test.steps",
  query: "demo: 3 steps",
  status: "queued",
  progress: 0,
  message: "Queued",
  error: null,
  created_at: "2025-01-01T00:00:00.000Z",
  completed_at: null,
  duration_seconds: null,
};

const event = (seq: number, extra: Partial<RunEvent> = {}): RunEvent => ({
  research_id: "r1",
  seq,
  kind: "test.steps",
  type: "progress",
  status: "in_progress",
  progress: seq * 10,
  message: `Step ${seq}`,
  phase: "working",
  ...extra,
});

const snapshot = (seq: number, extra: Partial<RunSnapshot> = {}): RunSnapshot => ({
  research_id: "r1",
  kind: "test.steps",
  status: "in_progress",
  progress: seq * 10,
  message: `Step ${seq}`,
  phase: "working",
  steps: null,
  seq,
  created_at: item.created_at,
  ...extra,
});

describe("run summaries", () => {
  it("follow events in seq order and ignore stale ones", () => {
    let run = summaryFromHistory(item);
    run = applyRunEvent(run, event(2, { steps: { done: 1, total: 3 } }));
    run = applyRunEvent(run, event(1, { status: "queued", progress: 0 }));
    expect(run).toMatchObject({ seq: 2, status: "in_progress", progress: 20, message: "Step 2" });
    expect(run.steps).toEqual({ done: 1, total: 3 });

    run = applyRunEvent(run, event(3, { status: "completed", progress: 100, message: "Done" }));
    expect(run).toMatchObject({ seq: 3, status: "completed", progress: 100, message: "Done" });
  });

  it("never let progress go backwards", () => {
    const run = applyRunEvent(
      applyRunEvent(summaryFromHistory(item), event(5)),
      event(6, { progress: 10 }),
    );
    expect(run.progress).toBe(50);
  });

  it("keep the queue position only while queued", () => {
    let run = applyRunSnapshot(
      summaryFromHistory(item),
      snapshot(1, { status: "queued", queue_position: 2 }),
    );
    expect(run.queue_position).toBe(2);
    run = applyRunEvent(run, event(2));
    expect(run.queue_position).toBeUndefined();
  });

  it("take a snapshot unless newer events were applied, and derive the duration", () => {
    let run = applyRunEvent(summaryFromHistory(item), event(4));
    expect(applyRunSnapshot(run, snapshot(3))).toBe(run);
    run = applyRunSnapshot(
      run,
      snapshot(9, {
        status: "completed",
        progress: 100,
        started_at: "2025-01-01T00:00:01.000Z",
        completed_at: "2025-01-01T00:00:04.500Z",
      }),
    );
    expect(run).toMatchObject({
      status: "completed",
      seq: 9,
      completed_at: "2025-01-01T00:00:04.500Z",
      duration_seconds: 3.5,
    });
  });

  it("do not let a stale history row bring a finished run back", () => {
    const finished = applyRunEvent(
      summaryFromHistory(item),
      event(3, { status: "completed", progress: 100 }),
    );
    expect(summaryFromHistory({ ...item, status: "in_progress", progress: 40 }, finished)).toBe(
      finished,
    );

    const refreshed = summaryFromHistory(
      { ...item, status: "completed", progress: 100, duration_seconds: 2 },
      applyRunEvent(summaryFromHistory(item), event(2)),
    );
    expect(refreshed).toMatchObject({ status: "completed", duration_seconds: 2, seq: 2 });
  });
});
