import type { ResearchReport } from "@/lib/protocol/research";
import { isTerminalStatus } from "@/lib/protocol/runs";
import { fetchReport, startResearch } from "../research/research-api";
import { foldResearchView, initialResearchView, reportText } from "../research/research-view";
import { type FeedTransport, followRun } from "../runs/follow-run";
import { cancelRun } from "../runs/runs-api";
import type { ConversationMessage, ResearchProgress } from "./chat-messages";

/** Streamed report text reaches the answer at most this often. */
const UPDATE_MS = 80;

export interface ResearchAnswerInput {
  query: string;
  repoUrl: string;
  language: string;
  /** A finished research of the conversation to continue from. */
  parentId?: string | null;
  /** Follows a run already started (after a reload) instead of starting one. */
  runId?: string;
}

export type ResearchAnswerUpdate = Partial<
  Pick<
    ConversationMessage,
    "content" | "research" | "status" | "error" | "sources" | "commit" | "provider" | "model"
  >
>;

/**
 * Ask's deep research: starts (or continues, with `parentId`) a research run, streams its
 * report into the answer as it is written, and ends with the stored report and its sources.
 * Aborting the signal cancels the run on the server. Resolves when the answer is final.
 */
export async function answerWithResearch(
  input: ResearchAnswerInput,
  { signal, onUpdate }: { signal: AbortSignal; onUpdate: (update: ResearchAnswerUpdate) => void },
): Promise<void> {
  let runId = input.runId;
  if (!runId) {
    try {
      const started = await startResearch({
        query: input.query,
        repo_url: input.repoUrl,
        language: input.language,
        ...(input.parentId ? { parent_id: input.parentId } : {}),
      });
      runId = started.research_id;
      onUpdate({
        research: progressOf(runId, started.status === "queued" ? "queued" : "in_progress"),
      });
    } catch (error) {
      onUpdate({ status: "failed", error: (error as Error).message });
      return;
    }
  }
  const id = runId;
  if (signal.aborted) return void (await cancelQuietly(id, onUpdate));

  let view = initialResearchView(id);
  let transport: FeedTransport | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const publish = () => {
    clearTimeout(timer);
    timer = undefined;
    onUpdate({
      content: reportText(view),
      research: {
        run_id: id,
        status: view.status ?? "queued",
        progress: view.progress,
        phase: view.phase,
        steps: view.steps,
        queue_position: view.queuePosition,
        transport,
      },
    });
  };

  let refused: string | null = null;
  const onAbort = () => void cancelRun(id).catch(() => undefined);
  await new Promise<void>((resolve) => {
    const stop = followRun(id, {
      onEvent: (event) => {
        view = foldResearchView(view, event);
        timer ??= setTimeout(publish, UPDATE_MS);
        if (isTerminalStatus(event.status)) finish();
      },
      onSnapshot: (snapshot) => {
        view = foldResearchView(view, snapshot);
        timer ??= setTimeout(publish, UPDATE_MS);
      },
      onTransport: (next) => {
        transport = next;
        timer ??= setTimeout(publish, UPDATE_MS);
      },
      onError: (message, final) => {
        // A poll that failed once is tried again; the run goes on on the server meanwhile.
        if (!final) return;
        refused = message;
        finish();
      },
    });
    signal.addEventListener("abort", onAbort, { once: true });
    function finish() {
      stop();
      signal.removeEventListener("abort", onAbort);
      publish();
      resolve();
    }
  });

  if (refused !== null) {
    onUpdate({ status: "failed", error: refused });
  } else if (view.status === "completed") {
    const report = await fetchReport(id).catch(() => null);
    onUpdate({ status: "done", ...(report ? answerFromReport(report) : {}) });
  } else if (view.status === "failed") {
    onUpdate({ status: "failed", error: view.error ?? "The research failed" });
  } else {
    onUpdate({ status: "stopped" });
  }
}

/** What a finished research answer shows of the run's stored report. */
export function answerFromReport(report: ResearchReport): ResearchAnswerUpdate {
  return {
    content: report.content,
    sources: report.sources.map((source) => ({ ...source, score: source.score ?? 0 })),
    commit: report.metadata.commit,
    provider: report.metadata.provider,
    model: report.metadata.model,
  };
}

function progressOf(runId: string, status: ResearchProgress["status"]): ResearchProgress {
  return { run_id: runId, status, progress: 0, phase: "", steps: null, queue_position: null };
}

async function cancelQuietly(runId: string, onUpdate: (update: ResearchAnswerUpdate) => void) {
  await cancelRun(runId).catch(() => undefined);
  onUpdate({ status: "stopped" });
}
