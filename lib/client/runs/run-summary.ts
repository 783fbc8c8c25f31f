import {
  type HistoryItem,
  isTerminalStatus,
  type RunEvent,
  type RunSnapshot,
  type Steps,
} from "@/lib/protocol/runs";

/** What a runs list shows of one run: the history row kept current by live events. */
export interface RunSummary extends HistoryItem {
  /** The last event folded into this summary; 0 when it came from history only. */
  seq: number;
  message: string;
  steps: Steps | null;
  queue_position?: number;
}

/**
 * A history row, merged over what the client already knows. A history response carries
 * no sequence number, so it may be older than live events already applied: a run seen
 * finished never goes back to running, and live fields are kept.
 */
export function summaryFromHistory(item: HistoryItem, known?: RunSummary): RunSummary {
  if (!known) return { ...item, seq: 0, message: "", steps: null };
  if (isTerminalStatus(known.status) && !isTerminalStatus(item.status)) return known;
  return {
    ...known,
    ...item,
    progress: Math.max(known.progress, item.progress),
    queue_position: item.status === "queued" ? known.queue_position : undefined,
  };
}

/** Folds one progress event in; events at or before the summary's seq change nothing. */
export function applyRunEvent(run: RunSummary, event: RunEvent): RunSummary {
  if (event.seq <= run.seq) return run;
  return {
    ...run,
    seq: event.seq,
    status: event.status,
    progress: Math.max(run.progress, event.progress),
    message: event.message ?? run.message,
    steps: event.steps ?? run.steps,
    queue_position: event.status === "queued" ? run.queue_position : undefined,
  };
}

/** Replaces the live state with a snapshot unless events newer than it were applied. */
export function applyRunSnapshot(run: RunSummary, snapshot: RunSnapshot): RunSummary {
  if (snapshot.seq < run.seq) return run;
  const completedAt = snapshot.completed_at ?? run.completed_at;
  return {
    ...run,
    seq: snapshot.seq,
    status: snapshot.status,
    progress: Math.max(run.progress, snapshot.progress),
    message: snapshot.message,
    steps: snapshot.steps,
    queue_position: snapshot.status === "queued" ? snapshot.queue_position : undefined,
    completed_at: completedAt,
    duration_seconds:
      completedAt && snapshot.started_at
        ? Math.max(0, (Date.parse(completedAt) - Date.parse(snapshot.started_at)) / 1000)
        : run.duration_seconds,
  };
}
