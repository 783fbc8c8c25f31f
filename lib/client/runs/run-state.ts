import {
  isTerminalStatus,
  type LogEntryType,
  type RunEvent,
  type RunSnapshot,
  type RunStatus,
  type Steps,
} from "@/lib/protocol/runs";

/**
 * What every view knows of a run, folded from its snapshots and events. Views that need
 * more (log lines, a report, pages) extend it and fold their fields after foldRunState.
 */
export interface RunState {
  runId: string;
  kind: string | null;
  /** Null until the first snapshot or event. */
  status: RunStatus | null;
  progress: number;
  message: string;
  phase: string;
  /** Units of the current phase done of planned (pages, files, sections). */
  steps: Steps | null;
  /** The run's place in line while it waits for a worker. */
  queuePosition: number | null;
  createdAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** Why the run failed. */
  error: string | null;
  /** The last event folded in: later events only, each once. */
  seq: number;
  /** The seq the fields above are current to: an event or a snapshot, whichever is newer. */
  stateSeq: number;
}

/** What a run follower delivers: events, and a snapshot on each (re)subscription or poll. */
export type RunInput = RunEvent | RunSnapshot;

export const isRunEvent = (input: RunInput): input is RunEvent => "type" in input;

export function initialRunState(runId: string): RunState {
  return {
    runId,
    kind: null,
    status: null,
    progress: 0,
    message: "",
    phase: "",
    steps: null,
    queuePosition: null,
    createdAt: null,
    startedAt: null,
    completedAt: null,
    error: null,
    seq: 0,
    stateSeq: 0,
  };
}

/**
 * The one reducer of run state. An event is folded once (at or below `seq` it changes
 * nothing) and moves the state only when it is newer than the snapshot already applied,
 * so a replay that trails a snapshot never shows the run going backwards; a snapshot
 * replaces the state unless newer events were applied. Progress never decreases.
 * Fields of an extending view are kept as they are.
 */
export function foldRunState<S extends RunState>(state: S, input: RunInput): S {
  return isRunEvent(input) ? foldEvent(state, input) : foldSnapshot(state, input);
}

/** True when the event is one foldRunState has not folded yet: a view folds its own fields then. */
export const isNewEvent = (state: RunState, input: RunInput): input is RunEvent =>
  isRunEvent(input) && input.seq > state.seq;

function foldEvent<S extends RunState>(state: S, event: RunEvent): S {
  if (event.seq <= state.seq) return state;
  const kind = state.kind ?? event.kind;
  if (event.seq <= state.stateSeq) return { ...state, kind, seq: event.seq };
  // Events carry no time of their own; the log entry of a start or an end does.
  const time = event.log_entry?.time ?? null;
  return {
    ...state,
    kind,
    seq: event.seq,
    stateSeq: event.seq,
    status: event.status,
    progress: Math.max(state.progress, event.progress),
    message: event.message ?? state.message,
    // Steps count the units of one phase: a new phase without steps has none yet.
    steps: event.steps ?? (event.phase === state.phase ? state.steps : null),
    phase: event.phase,
    queuePosition: event.status === "queued" ? state.queuePosition : null,
    startedAt: state.startedAt ?? (event.status === "queued" ? null : time),
    completedAt: isTerminalStatus(event.status) ? (state.completedAt ?? time) : state.completedAt,
    error:
      event.status === "failed"
        ? (event.message ?? state.error ?? (state.message || null))
        : state.error,
  };
}

function foldSnapshot<S extends RunState>(state: S, snapshot: RunSnapshot): S {
  if (snapshot.seq < state.stateSeq) return state;
  return {
    ...state,
    kind: snapshot.kind,
    status: snapshot.status,
    progress: Math.max(state.progress, snapshot.progress),
    message: snapshot.message || state.message,
    phase: snapshot.phase,
    steps: snapshot.steps,
    queuePosition: snapshot.status === "queued" ? (snapshot.queue_position ?? null) : null,
    createdAt: snapshot.created_at,
    startedAt: snapshot.started_at ?? state.startedAt,
    completedAt: snapshot.completed_at ?? state.completedAt,
    error: snapshot.error ?? state.error,
    stateSeq: snapshot.seq,
  };
}

export const isFinished = (state: RunState) =>
  state.status !== null && isTerminalStatus(state.status);

export const isLive = (state: RunState) =>
  state.status === "queued" || state.status === "in_progress";

/** One line of a run's log. */
export interface LogLine {
  seq: number;
  time: string;
  message: string;
  type: LogEntryType;
  phase: string;
}

export function logLineOf(event: RunEvent): LogLine | null {
  const entry = event.log_entry;
  if (!entry) return null;
  return {
    seq: event.seq,
    time: entry.time,
    message: entry.message,
    type: entry.type,
    phase: entry.metadata.phase || event.phase,
  };
}
