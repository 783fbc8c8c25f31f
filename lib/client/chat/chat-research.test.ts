import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ResearchReport } from "@/lib/protocol/research";
import type { RunEvent, RunStatus } from "@/lib/protocol/runs";
import type { RunFeedHandlers } from "../runs/follow-run";
import type { ResearchAnswerUpdate } from "./chat-research";

const started: Record<string, unknown>[] = [];
const cancelled: string[] = [];
let feed: RunFeedHandlers | null = null;
let stopped = 0;
let report: ResearchReport | null = null;

vi.mock("../research/research-api", () => ({
  startResearch: async (input: Record<string, unknown>) => {
    started.push(input);
    return { status: "success", research_id: "run-1" };
  },
  fetchReport: async () => report,
}));
vi.mock("../runs/follow-run", () => ({
  followRun: (_runId: string, handlers: RunFeedHandlers) => {
    feed = handlers;
    return () => {
      stopped++;
    };
  },
}));
vi.mock("../runs/runs-api", () => ({
  cancelRun: async (runId: string) => {
    cancelled.push(runId);
    return "Cancellation requested";
  },
}));

const { answerWithResearch } = await import("./chat-research");

let seq = 0;
const event = (extra: Partial<RunEvent>): RunEvent => ({
  research_id: "run-1",
  seq: ++seq,
  kind: "research",
  type: "progress",
  status: "in_progress",
  progress: 50,
  message: "",
  phase: "writing",
  ...extra,
});
const end = (status: RunStatus, message = "") => event({ type: "status", status, message });

function start(input: Partial<Parameters<typeof answerWithResearch>[0]> = {}) {
  const updates: ResearchAnswerUpdate[] = [];
  const controller = new AbortController();
  const finished = answerWithResearch(
    { query: "Where is tax?", repoUrl: "/tmp/shop", language: "en", ...input },
    { signal: controller.signal, onUpdate: (update) => updates.push(update) },
  );
  return { updates, controller, finished, last: () => Object.assign({}, ...updates) };
}

beforeEach(() => {
  started.length = 0;
  cancelled.length = 0;
  feed = null;
  stopped = 0;
  seq = 0;
  report = null;
});

describe("answerWithResearch", () => {
  it("starts a run (continuing its parent), streams the report and ends with the stored one", async () => {
    const run = start({ parentId: "run-0" });
    await vi.waitFor(() => expect(feed).not.toBeNull());
    expect(started).toEqual([
      { query: "Where is tax?", repo_url: "/tmp/shop", language: "en", parent_id: "run-0" },
    ]);
    feed?.onEvent(event({ type: "partial", partial: { page_id: "section-1", text: "# Tax\n" } }));
    feed?.onEvent(event({ type: "partial", partial: { page_id: "section-1", text: "Body" } }));
    report = {
      content: "# Tax\nBody, checked",
      sources: [{ path: "lib/tax.py", start_line: 1, end_line: 9, cited: true }],
      metadata: { commit: "c0ffee", provider: "fixture", model: "m" } as ResearchReport["metadata"],
    };
    feed?.onEvent(end("completed"));
    await run.finished;
    expect(run.updates.some((u) => u.content === "# Tax\nBody")).toBe(true);
    expect(run.last()).toMatchObject({
      status: "done",
      content: "# Tax\nBody, checked",
      commit: "c0ffee",
      sources: [{ path: "lib/tax.py", start_line: 1, end_line: 9, score: 0 }],
      research: { run_id: "run-1", status: "completed" },
    });
    expect(stopped).toBe(1);
  });

  it("cancels the run when the answer is stopped", async () => {
    const run = start();
    await vi.waitFor(() => expect(feed).not.toBeNull());
    run.controller.abort();
    await vi.waitFor(() => expect(cancelled).toEqual(["run-1"]));
    feed?.onEvent(end("cancelled"));
    await run.finished;
    expect(run.last().status).toBe("stopped");
  });

  it("shows a failed run's reason", async () => {
    const run = start({ runId: "run-1" });
    expect(started).toEqual([]);
    await vi.waitFor(() => expect(feed).not.toBeNull());
    feed?.onEvent(end("failed", "The model provider failed"));
    await run.finished;
    expect(run.last()).toMatchObject({ status: "failed", error: "The model provider failed" });
  });

  it("keeps following through a failed poll, and gives up only when the run is refused", async () => {
    const run = start();
    await vi.waitFor(() => expect(feed).not.toBeNull());
    feed?.onError?.("Could not reach the server", false);
    feed?.onEvent(end("completed"));
    await run.finished;
    expect(run.last().status).toBe("done");

    const gone = start({ runId: "run-1" });
    await vi.waitFor(() => expect(stopped).toBe(1));
    feed?.onError?.("Run not found", true);
    await gone.finished;
    expect(gone.last()).toMatchObject({ status: "failed", error: "Run not found" });
  });

  it("says when the run's progress no longer reaches the tab, and when it does again", async () => {
    const run = start();
    await vi.waitFor(() => expect(feed).not.toBeNull());
    feed?.onTransport?.("reconnecting");
    await vi.waitFor(() =>
      expect(run.updates.at(-1)?.research).toMatchObject({ transport: "reconnecting" }),
    );
    feed?.onTransport?.("polling");
    await vi.waitFor(() =>
      expect(run.updates.at(-1)?.research).toMatchObject({ transport: "polling" }),
    );
    feed?.onEvent(end("completed"));
    await run.finished;
  });
});
