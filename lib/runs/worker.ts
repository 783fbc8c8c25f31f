import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "../db/client";
import type { StoredRunStatus } from "../db/schema";
import { isAppError } from "../errors";
import { logger } from "../log";
import type { LogEntryType, RunStatus } from "../protocol/runs";
import type { RunEventBus } from "./event-bus";
import { draftFor, logEntry, RunEventWriter, stateOfRow } from "./event-writer";
import type { AbortReason, RunContext, RunKind, RunKindRegistry } from "./kinds";
import {
  cancelRequestedAmong,
  claimNextRun,
  getStepResult,
  listOrphanedRuns,
  type RunRow,
  renewLease,
  saveStepResult,
  transitionRun,
} from "./queries";

export interface RunWorkerOptions {
  db: Database;
  bus: RunEventBus;
  kinds: RunKindRegistry;
  leaseMs: number;
  perUserLimit: number;
  maxAttempts: number;
  /** Runs this process executes at once, across users. */
  capacity?: number;
  /** True for the embedded database: only this process can hold leases, so any found at start are orphans. */
  singleProcess: boolean;
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
}

const POLL_INTERVAL_MS = 500;
/** How often a worker sharing Postgres looks for cancels another process recorded. */
const CANCEL_POLL_MS = 1_000;

/**
 * Claims queued runs, executes their kind with a context, keeps their lease alive and
 * records how each one ends. Also reclaims runs whose worker died.
 */
export class RunWorker {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<string, ActiveRun>();
  private timers: NodeJS.Timeout[] = [];
  private ticking = false;
  private tickAgain = false;
  private stopped = false;
  private readonly onRunnable = () => void this.tick();
  private readonly onCancelRequested = (runId: string) => void this.abortLocal(runId);

  constructor(private readonly options: RunWorkerOptions) {}

  async start(): Promise<void> {
    await this.recoverOrphans(this.options.singleProcess);
    this.options.bus.on("runnable", this.onRunnable);
    this.options.bus.on("cancelRequested", this.onCancelRequested);
    this.timers.push(setInterval(() => void this.tick(), POLL_INTERVAL_MS));
    this.timers.push(
      setInterval(() => void this.recoverOrphans(false), Math.max(500, this.options.leaseMs / 2)),
    );
    // A cancel made in another process arrives through the bus bridge; should that message
    // be lost, it is found in the database within a second, not at the next heartbeat.
    if (!this.options.singleProcess)
      this.timers.push(setInterval(() => void this.abortCancelled(), CANCEL_POLL_MS));
    void this.tick();
  }

  get activeRunIds(): string[] {
    return [...this.active.keys()];
  }

  /** Aborts a run executing here; returns false when this process does not execute it. */
  abortLocal(runId: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.controller.abort({ kind: "cancelled" } satisfies AbortReason);
    return true;
  }

  private async abortCancelled(): Promise<void> {
    if (this.active.size === 0) return;
    try {
      const ids = await cancelRequestedAmong(this.options.db, { ids: [...this.active.keys()] });
      for (const id of ids) this.abortLocal(id);
    } catch (error) {
      if (!this.stopped) logger("runs").warn("looking for cancels failed", { error });
    }
  }

  /** Stops claiming, aborts what runs here and hands it back (requeued or failed). */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopped = true;
    this.options.bus.off("runnable", this.onRunnable);
    this.options.bus.off("cancelRequested", this.onCancelRequested);
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    for (const run of this.active.values()) {
      run.controller.abort({ kind: "shutdown" } satisfies AbortReason);
    }
    const all = Promise.allSettled([...this.active.values()].map((run) => run.done));
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  }

  private async tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.tickAgain = false;
        while (!this.stopped && this.active.size < (this.options.capacity ?? 32)) {
          const row = await claimNextRun(this.options.db, {
            workerId: this.workerId,
            kinds: this.options.kinds.names(),
            leaseMs: this.options.leaseMs,
            perUserLimit: this.options.perUserLimit,
          });
          if (!row) break;
          this.launch(row);
        }
      } while (this.tickAgain && !this.stopped);
    } catch (error) {
      if (!this.stopped) logger("runs").error("claiming failed", { error });
    } finally {
      this.ticking = false;
    }
  }

  private launch(row: RunRow): void {
    const controller = new AbortController();
    const entry: ActiveRun = { controller, done: Promise.resolve() };
    this.active.set(row.id, entry);
    entry.done = this.execute(row, controller).finally(() => {
      this.active.delete(row.id);
      if (!this.stopped) this.options.bus.emit("runnable");
    });
  }

  private async execute(row: RunRow, controller: AbortController): Promise<void> {
    const { db, bus } = this.options;
    const kind = this.options.kinds.get(row.kind) as RunKind;
    const writer = new RunEventWriter(db, bus, row, { ...stateOfRow(row), status: "in_progress" });
    const heartbeat = setInterval(
      () => void this.heartbeat(row.id, controller),
      Math.max(200, this.options.leaseMs / 3),
    );
    try {
      writer.log(row.attempts > 1 ? `Resumed (attempt ${row.attempts})` : "Started", {
        type: "milestone",
      });
      await writer.flush();
      const input = kind.input.parse(row.input);
      const result = await kind.execute(this.contextFor(row, input, writer, controller.signal));
      if (controller.signal.aborted) throw controller.signal.reason;
      await this.finish(row, writer, "completed", { result, message: "Completed" });
    } catch (error) {
      const reason = controller.signal.aborted ? (controller.signal.reason as AbortReason) : null;
      if (reason?.kind === "cancelled") {
        await this.finish(row, writer, "cancelled", { message: "Cancelled" });
      } else if (reason?.kind === "lease_lost") {
        await writer.close();
      } else if (reason?.kind === "shutdown") {
        await writer.close();
        await this.handBack(row, kind, "The server stopped while this run was in progress");
      } else {
        const message = isAppError(error) ? error.message : "The run failed with an internal error";
        if (!isAppError(error))
          logger("runs").error("run failed", { kind: row.kind, run: row.id, error });
        await this.finish(row, writer, "failed", { message, error: message });
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private contextFor<Input>(
    row: RunRow,
    input: Input,
    writer: RunEventWriter,
    signal: AbortSignal,
  ): RunContext<Input> {
    const { db } = this.options;
    return {
      runId: row.id,
      userId: row.userId,
      input,
      attempt: row.attempts,
      signal,
      progress: (update) => writer.progress(update),
      log: (message, options) => writer.log(message, options),
      partial: (text, options) => writer.partial(text, options?.pageId),
      emit: (event) => writer.emit(event),
      async step(name, fn) {
        const stored = await getStepResult(db, { runId: row.id, name });
        if (stored.found) return stored.result as Awaited<ReturnType<typeof fn>>;
        const result = await fn();
        if (signal.aborted) throw signal.reason;
        await saveStepResult(db, { runId: row.id, name, result });
        return result;
      },
    };
  }

  private async heartbeat(runId: string, controller: AbortController): Promise<void> {
    if (controller.signal.aborted) return;
    try {
      const lease = await renewLease(this.options.db, {
        runId,
        workerId: this.workerId,
        leaseMs: this.options.leaseMs,
      });
      if (!lease.held) controller.abort({ kind: "lease_lost" } satisfies AbortReason);
      else if (lease.cancelRequested) controller.abort({ kind: "cancelled" } satisfies AbortReason);
    } catch (error) {
      // A missed beat is tolerable; the lease covers several of them.
      logger("runs").warn("heartbeat failed", { run: runId, error });
    }
  }

  private async finish(
    row: RunRow,
    writer: RunEventWriter,
    status: Extract<RunStatus, "completed" | "failed" | "cancelled">,
    outcome: { message: string; result?: unknown; error?: string },
  ): Promise<void> {
    await writer.close();
    const state = writer.finalState(status, {
      message: outcome.message,
      progress: status === "completed" ? 100 : undefined,
    });
    const logType: LogEntryType = status === "failed" ? "error" : "milestone";
    const transition = await transitionRun(this.options.db, {
      runId: row.id,
      from: ["in_progress", "cancelling"],
      to: status,
      leaseOwner: this.workerId,
      values: {
        completedAt: new Date(),
        leaseOwner: null,
        leaseExpiresAt: null,
        progress: state.progress,
        message: state.message,
        result: outcome.result === undefined ? null : outcome.result,
        error: outcome.error ?? null,
      },
      draft: () =>
        draftFor(row, state, {
          type: "status",
          log_entry: logEntry(outcome.message, state.phase, { type: logType }),
        }),
    });
    if (transition?.event) this.options.bus.emit("events", row.id, [transition.event]);
  }

  /** A run this process can no longer execute: resume it elsewhere if its kind allows, else fail it. */
  private async handBack(
    row: RunRow,
    kind: RunKind | undefined,
    why: string,
    leaseExpired = false,
  ) {
    const { db, bus, maxAttempts } = this.options;
    const from: StoredRunStatus[] = ["in_progress", "cancelling"];
    const common = { runId: row.id, leaseOwner: row.leaseOwner ?? undefined, leaseExpired };
    const cleared = { leaseOwner: null, leaseExpiresAt: null };
    let target: { to: StoredRunStatus; status: RunStatus; message: string; type: LogEntryType };
    if (row.status === "cancelling") {
      target = { to: "cancelled", status: "cancelled", message: "Cancelled", type: "milestone" };
    } else if (kind?.resumable && row.attempts < maxAttempts) {
      // Also on shutdown: it waits in the queue for the next worker, here or elsewhere.
      target = {
        to: "queued",
        status: "queued",
        message: `${why}; it will resume`,
        type: "warning",
      };
    } else {
      const message = kind
        ? `${why}${kind.resumable ? ` (gave up after ${row.attempts} attempts)` : ""}`
        : `No worker can execute runs of kind ${row.kind}`;
      target = { to: "failed", status: "failed", message, type: "error" };
    }
    const terminal = target.to !== "queued";
    const transition = await transitionRun(db, {
      ...common,
      from,
      to: target.to,
      values: {
        ...cleared,
        message: target.message,
        ...(terminal ? { completedAt: new Date() } : {}),
        ...(target.to === "failed" ? { error: target.message } : {}),
      },
      draft: (current) =>
        draftFor(
          row,
          { ...stateOfRow(current), status: target.status, message: target.message },
          {
            type: "status",
            log_entry: logEntry(target.message, current.phase, { type: target.type }),
          },
        ),
    });
    if (transition?.event) bus.emit("events", row.id, [transition.event]);
    if (transition && target.to === "queued") bus.emit("runnable");
  }

  /** Runs left `in_progress` by a worker that died: resumed or failed, never left hanging. */
  private async recoverOrphans(includeUnexpired: boolean): Promise<void> {
    if (this.stopped) return;
    try {
      const orphans = await listOrphanedRuns(this.options.db, { includeUnexpired });
      for (const row of orphans) {
        if (this.active.has(row.id)) continue;
        await this.handBack(
          row,
          this.options.kinds.get(row.kind),
          "The worker executing this run stopped",
          !includeUnexpired,
        );
      }
    } catch (error) {
      if (!this.stopped) logger("runs").error("recovery failed", { error });
    }
  }
}
