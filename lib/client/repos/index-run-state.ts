import {
  isTerminalStatus,
  type LogEntry,
  type RunEvent,
  type RunSnapshot,
  type RunStatus,
  type Steps,
} from "@/lib/protocol/runs";

/** How many of the latest log lines an index run shows. */
export const VISIBLE_LOG_LINES = 6;

export interface IndexRunLogLine extends LogEntry {
  seq: number;
}

/** What the add-repository form shows of the index run it started. */
export interface IndexRunState {
  status: RunStatus | null;
  progress: number;
  message: string;
  steps: Steps | null;
  /** The last event applied: later events only, each once. */
  seq: number;
  /** Where status, progress and message come from (an event or a snapshot, whichever is newer). */
  stateSeq: number;
  logs: IndexRunLogLine[];
  /** The run's place in line while it waits for a worker. */
  queuePosition?: number;
  /** Why the run failed, or why it cannot be followed. */
  error: string | null;
}

export const initialIndexRunState: IndexRunState = {
  status: null,
  progress: 0,
  message: "",
  steps: null,
  seq: 0,
  stateSeq: 0,
  logs: [],
  error: null,
};

/**
 * Every event adds its log line; only one at least as new as the last snapshot moves the
 * status, so a replay that trails a snapshot never shows the run going backwards.
 */
export function applyIndexEvent(state: IndexRunState, event: RunEvent): IndexRunState {
  if (event.seq <= state.seq) return state;
  const logs = event.log_entry
    ? [...state.logs, { ...event.log_entry, seq: event.seq }].slice(-VISIBLE_LOG_LINES)
    : state.logs;
  if (event.seq < state.stateSeq) return { ...state, seq: event.seq, logs };
  return {
    status: event.status,
    progress: Math.max(state.progress, event.progress),
    message: event.message || state.message,
    steps: event.steps ?? state.steps,
    seq: event.seq,
    stateSeq: event.seq,
    logs,
    queuePosition: event.status === "queued" ? state.queuePosition : undefined,
    error: event.status === "failed" ? event.message || "Indexing failed" : state.error,
  };
}

/** A snapshot replaces the live fields unless newer events were already applied. */
export function applyIndexSnapshot(state: IndexRunState, snapshot: RunSnapshot): IndexRunState {
  if (snapshot.seq < state.stateSeq) return state;
  return {
    ...state,
    status: snapshot.status,
    progress: Math.max(state.progress, snapshot.progress),
    message: snapshot.message || state.message,
    steps: snapshot.steps ?? state.steps,
    stateSeq: snapshot.seq,
    queuePosition: snapshot.status === "queued" ? snapshot.queue_position : undefined,
    error:
      snapshot.status === "failed"
        ? (snapshot.error ?? (snapshot.message || "Indexing failed"))
        : state.error,
  };
}

export const isFinished = (state: IndexRunState) =>
  state.status !== null && isTerminalStatus(state.status);
