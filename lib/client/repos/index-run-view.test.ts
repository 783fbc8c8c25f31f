import { describe, expect, it } from "vitest";
import type { RunEvent, RunSnapshot } from "@/lib/protocol/runs";
import { foldIndexRunView, initialIndexRunView, VISIBLE_LOG_LINES } from "./index-run-view";

const initialIndexRunState = initialIndexRunView("r1");

const event = (seq: number, fields: Partial<RunEvent> = {}): RunEvent => ({
  research_id: "r1",
  seq,
  kind: "index",
  type: "progress",
  status: "in_progress",
  progress: seq,
  message: `Parsed ${seq} of 100 files`,
  phase: "parsing",
  steps: { done: seq, total: 100 },
  ...fields,
});

const snapshot = (seq: number, fields: Partial<RunSnapshot> = {}): RunSnapshot => ({
  research_id: "r1",
  kind: "index",
  status: "in_progress",
  progress: seq,
  message: `Parsed ${seq} of 100 files`,
  phase: "parsing",
  steps: { done: seq, total: 100 },
  seq,
  created_at: "2025-01-01T00:00:00Z",
  ...fields,
});

const log = (message: string, metadata: Record<string, unknown> = {}) => ({
  time: "2025-01-01T00:00:00Z",
  message,
  type: "info" as const,
  metadata: { phase: "parsing", ...metadata },
});

describe("following an index run", () => {
  it("takes status, progress and steps from each new event, once", () => {
    let state = foldIndexRunView(initialIndexRunState, event(1));
    state = foldIndexRunView(state, event(3));
    expect(foldIndexRunView(state, event(2))).toBe(state);
    expect(state).toMatchObject({ status: "in_progress", progress: 3, steps: { done: 3 } });
    expect(state.message).toBe("Parsed 3 of 100 files");
  });

  it("keeps only the latest log lines", () => {
    let state = initialIndexRunState;
    for (let seq = 1; seq <= VISIBLE_LOG_LINES + 3; seq++) {
      state = foldIndexRunView(state, event(seq, { log_entry: log(`line ${seq}`) }));
    }
    expect(state.logs.map((line) => line.message)).toEqual(
      Array.from({ length: VISIBLE_LOG_LINES }, (_, index) => `line ${index + 4}`),
    );
  });

  it("never goes back behind a newer snapshot, but still collects the replayed log lines", () => {
    let state = foldIndexRunView(initialIndexRunState, snapshot(10, { status: "completed" }));
    state = foldIndexRunView(state, event(4, { log_entry: log("replayed") }));
    expect(state.status).toBe("completed");
    expect(state.logs.map((line) => line.message)).toEqual(["replayed"]);
    expect(foldIndexRunView(state, snapshot(5))).toBe(state);
  });

  it("shows why a run failed", () => {
    const failed = foldIndexRunView(
      initialIndexRunState,
      event(2, { status: "failed", message: "Could not read the repository" }),
    );
    expect(failed.error).toBe("Could not read the repository");
    const fromSnapshot = foldIndexRunView(
      initialIndexRunState,
      snapshot(2, { status: "failed", error: "Clone timed out" }),
    );
    expect(fromSnapshot.error).toBe("Clone timed out");
  });

  it("keeps the commit's counts from the run's last log entry", () => {
    const summary = {
      listed: 20,
      files: 12,
      chunks: 30,
      parsed: 2,
      reused: 10,
      skipped: { lockfile: 1, binary: 7 },
    };
    let state = foldIndexRunView(
      initialIndexRunState,
      event(1, {
        log_entry: log("Parsed 2 changed file(s)", { parsed: ["a.ts", "b.ts"], reused: 4 }),
      }),
    );
    expect(state.summary).toBeNull();
    state = foldIndexRunView(
      state,
      event(2, { status: "completed", log_entry: log("Indexed 12 files", { summary }) }),
    );
    expect(state.summary).toEqual(summary);
    // Metadata that does not have the schema's shape is not taken.
    state = foldIndexRunView(
      state,
      event(3, { log_entry: log("odd", { summary: { files: "x" } }) }),
    );
    expect(state.summary).toEqual(summary);
  });
});
