import type { Database } from "../db/client";
import { logger } from "../log";
import type { LogEntry, RunEvent, RunStatus, Steps } from "../protocol/runs";
import type { RunEventBus } from "./event-bus";
import type { LogOptions, ProgressUpdate, RunEmit } from "./kinds";
import { appendRunEvents, type EventDraft, type RunRow } from "./queries";

const log = logger("runs");

export interface RunState {
  status: RunStatus;
  progress: number;
  message: string;
  phase: string;
  steps?: Steps;
}

export function stateOfRow(row: RunRow): RunState {
  return {
    status: row.status === "cancelling" ? "in_progress" : row.status,
    progress: row.progress,
    message: row.message,
    phase: row.phase,
    steps:
      row.stepsTotal === null || row.stepsDone === null
        ? undefined
        : { done: row.stepsDone, total: row.stepsTotal },
  };
}

/**
 * The event a run's current state produces, with its type and extra fields. `message` is
 * what a client prints as a line (Local Deep Research's console does), so an event carries
 * one only when it says something new: its log line, or a message given in `extra`.
 */
export function draftFor(
  run: { id: string; kind: string },
  state: RunState,
  extra: Partial<EventDraft> & Pick<EventDraft, "type">,
): EventDraft {
  const { message: _status, ...rest } = state;
  const message = extra.message ?? extra.log_entry?.message;
  return {
    research_id: run.id,
    kind: run.kind,
    status: rest.status,
    progress: rest.progress,
    phase: rest.phase,
    ...(rest.steps ? { steps: rest.steps } : {}),
    ...extra,
    ...(message === undefined ? {} : { message }),
  };
}

export function logEntry(message: string, phase: string, options: LogOptions = {}): LogEntry {
  return {
    time: new Date().toISOString(),
    message,
    type: options.type ?? "info",
    metadata: { ...options.metadata, phase: options.phase ?? phase },
  };
}

const FLUSH_INTERVAL_MS = 100;
const MAX_BUFFERED = 500;

/**
 * Buffers one run's high-frequency events (progress, partial text) and writes them in
 * batches; consecutive progress updates collapse into one and consecutive partial text
 * of the same page is concatenated. Logs keep their own events.
 */
export class RunEventWriter {
  private state: RunState;
  private buffer: EventDraft[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  /** The last message this run's events carried: a progress event repeats none. */
  private announced: string;

  constructor(
    private readonly db: Database,
    private readonly bus: RunEventBus,
    private readonly run: { id: string; kind: string },
    initial: RunState,
  ) {
    this.state = initial;
    this.announced = initial.message;
  }

  get current(): RunState {
    return this.state;
  }

  emit(event: RunEmit): void {
    if (this.closed) return;
    if (event.type === "progress") this.progress(event);
    else if (event.type === "log") this.log(event.message, event.options);
    else if (event.type === "partial") this.partial(event.text, event.pageId);
    else
      this.enqueue(
        draftFor(this.run, this.state, {
          type: "result",
          result: event.result,
          ...this.newMessage(event.message),
        }),
      );
  }

  progress(update: ProgressUpdate): void {
    if (this.closed) return;
    this.applyState(update);
    // Only the last event can take a new state: an earlier one moved forward would put
    // progress ahead of the events after it.
    const last = this.buffer.at(-1)?.type === "progress" ? this.buffer.length - 1 : undefined;
    const said = this.newMessage(update.message);
    if (last !== undefined) {
      // Collapsed into the buffered update, whose new message (if any) is still current.
      const message = said.message ?? this.buffer[last].message;
      this.buffer[last] = draftFor(this.run, this.state, {
        type: "progress",
        ...(message === undefined ? {} : { message }),
      });
    } else this.enqueue(draftFor(this.run, this.state, { type: "progress", ...said }));
  }

  log(message: string, options: LogOptions = {}): void {
    if (this.closed) return;
    this.announced = message;
    this.enqueue(
      draftFor(this.run, this.state, {
        type: "log",
        message,
        log_entry: logEntry(message, this.state.phase, options),
      }),
    );
  }

  partial(text: string, pageId?: string): void {
    if (this.closed || text === "") return;
    const index = this.latestMergeable(
      (draft) => draft.type === "partial" && draft.partial?.page_id === pageId,
      pageId,
    );
    const last = index === undefined ? undefined : this.buffer[index].partial;
    if (last) {
      last.text += text;
      return;
    }
    this.enqueue(
      draftFor(this.run, this.state, {
        type: "partial",
        partial: pageId === undefined ? { text } : { page_id: pageId, text },
      }),
    );
  }

  /** Writes everything buffered; resolves when it is stored and announced. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const drafts = this.buffer;
    this.buffer = [];
    const state = this.state;
    this.flushing = this.flushing.then(async () => {
      if (drafts.length === 0) return;
      const events = await appendRunEvents(this.db, {
        runId: this.run.id,
        drafts,
        state: {
          progress: state.progress,
          message: state.message,
          phase: state.phase,
          stepsDone: state.steps?.done ?? null,
          stepsTotal: state.steps?.total ?? null,
        },
      });
      if (events.length > 0) this.bus.emit("events", this.run.id, events);
    });
    // A failed write must not poison later flushes; the caller of this flush sees it.
    const result = this.flushing;
    this.flushing = this.flushing.catch((error) =>
      log.error("event write failed", { run: this.run.id, error }),
    );
    return result;
  }

  /** Flushes and stops accepting events: nothing follows a run's final status. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Final state for the closing status event, merged with what was reported. */
  finalState(status: RunStatus, update: ProgressUpdate = {}): RunState {
    this.applyState(update);
    this.state = { ...this.state, status };
    return this.state;
  }

  /**
   * The buffered event new text can join: the latest one matching, unless a line
   * that must stay after it came since (a status, a result, a log not about another page).
   * Only text moves back; the event keeps its state, so progress still never decreases.
   * Pages written at once each join their own event, so a flush holds one partial event
   * per page, whatever the page concurrency.
   */
  private latestMergeable(
    matches: (draft: EventDraft) => boolean,
    pageId?: string,
  ): number | undefined {
    for (let index = this.buffer.length - 1; index >= 0; index--) {
      const draft = this.buffer[index];
      if (matches(draft)) return index;
      if (draft.type === "status" || draft.type === "result") return undefined;
      if (draft.type === "log") {
        const about = draft.log_entry?.metadata.page_id;
        if (pageId === undefined || about === undefined || about === pageId) return undefined;
      }
    }
    return undefined;
  }

  /** `{message}` when it is one this run's followers have not just been told, else `{}`. */
  private newMessage(message: string | undefined): { message?: string } {
    if (message === undefined || message === this.announced) return {};
    this.announced = message;
    return { message };
  }

  private applyState(update: ProgressUpdate): void {
    const progress =
      update.progress === undefined
        ? this.state.progress
        : Math.max(this.state.progress, Math.min(100, Math.max(0, update.progress)));
    this.state = {
      ...this.state,
      progress,
      message: update.message ?? this.state.message,
      phase: update.phase ?? this.state.phase,
      steps: update.steps ?? this.state.steps,
    };
  }

  private enqueue(draft: EventDraft): void {
    this.buffer.push(draft);
    if (this.buffer.length >= MAX_BUFFERED) {
      void this.flush().catch(() => {});
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => {}), FLUSH_INTERVAL_MS);
    }
  }
}

export type { RunEvent };
