import { describe, expect, it } from "vitest";
import type { HistoryItem, RunEvent, RunSnapshot } from "@/lib/protocol/runs";
import { foldRunSummary, summaryFromHistory } from "./run-summary";

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
  it("start from the history row", () => {
    expect(summaryFromHistory(item)).toMatchObject({
      runId: "r1",
      kind: "test.steps",
      query: "demo: 3 steps",
      status: "queued",
      message: "Queued",
      createdAt: item.created_at,
      seq: 0,
    });
  });

  it("take a snapshot unless newer events were folded in, and derive the duration", () => {
    let run = foldRunSummary(summaryFromHistory(item), event(4));
    expect(foldRunSummary(run, snapshot(3))).toBe(run);
    run = foldRunSummary(
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
      completedAt: "2025-01-01T00:00:04.500Z",
      durationSeconds: 3.5,
    });
  });

  it("do not let a stale history row bring a finished run back", () => {
    const finished = foldRunSummary(
      summaryFromHistory(item),
      event(3, { status: "completed", progress: 100 }),
    );
    expect(summaryFromHistory({ ...item, status: "in_progress", progress: 40 }, finished)).toBe(
      finished,
    );

    const refreshed = summaryFromHistory(
      { ...item, status: "completed", progress: 100, duration_seconds: 2 },
      foldRunSummary(summaryFromHistory(item), event(2)),
    );
    expect(refreshed).toMatchObject({ status: "completed", durationSeconds: 2, seq: 2 });
  });
});
