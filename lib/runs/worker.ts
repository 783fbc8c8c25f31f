import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "../db/client";
import { isAppError } from "../errors";
import { logger } from "../log";
import type { LogEntryType, RunStatus } from "../protocol/runs";
import { DiskPressure } from "./disk-pressure";
import { type DiskSpace, isDiskFullError } from "./disk-space";
import type { RunEventBus } from "./event-bus";
import { draftFor, logEntry, RunEventWriter, stateOfRow } from "./event-writer";
import { type HandBackOptions, handBackRun } from "./hand-back";
import type { AbortReason, RunContext, RunKind, RunKindRegistry } from "./kinds";
import {
  type ClaimedRun,
  cancelRequestedAmong,
  claimNextRun,
  getStepResult,
  listOrphanedRuns,
  type RunEndedHook,
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
  /** DATA_DIR's free space: while it is low nothing is claimed and running runs pause. */
  disk?: DiskSpace;
  /** Recorded with every run's end, in its transaction (webhook deliveries). */
  onRunEnded?: RunEndedHook;
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
}

const POLL_INTERVAL_MS = 500;
/** How often a worker sharing Postgres looks for cancels another process recorded. */
const CANCEL_POLL_MS = 1_000;
const DISK_CHECK_MS = 1_000;

const log = logger("runs");

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
  private readonly disk: DiskPressure;

  constructor(private readonly options: RunWorkerOptions) {
    this.disk = new DiskPressure(options.disk);
  }

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
    if (this.options.disk) this.timers.push(setInterval(() => this.watchDisk(), DISK_CHECK_MS));
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
      if (!this.stopped) log.warn("looking for cancels failed", { error });
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
        while (
          !this.stopped &&
          this.active.size < (this.options.capacity ?? 32) &&
          this.disk.mayWrite() &&
          this.disk.hasRoom()
        ) {
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
      if (isDiskFullError(error)) this.disk.holdWritesAfterDiskFull(error);
      else if (!this.stopped) log.error("claiming failed", { error });
    } finally {
      this.ticking = false;
    }
  }

  /** Stops runs still inside a step well after the disk went low (the rest pause between steps). */
  private watchDisk(): void {
    if (this.stopped || !this.disk.lowTooLong()) return;
    for (const run of this.active.values())
      run.controller.abort({ kind: "disk_low" } satisfies AbortReason);
  }

  private launch(row: ClaimedRun): void {
    const controller = new AbortController();
    const entry: ActiveRun = { controller, done: Promise.resolve() };
    this.active.set(row.id, entry);
    entry.done = this.execute(row, controller).finally(() => {
      this.active.delete(row.id);
      if (!this.stopped) this.options.bus.emit("runnable");
    });
  }

  private async execute(row: ClaimedRun, controller: AbortController): Promise<void> {
    const { db, bus } = this.options;
    const kind = this.options.kinds.get(row.kind) as RunKind;
    const writer = new RunEventWriter(db, bus, row, { ...stateOfRow(row), status: "in_progress" });
    const heartbeat = setInterval(
      () => void this.heartbeat(row.id, controller),
      Math.max(200, this.options.leaseMs / 3),
    );
    try {
      writer.log(openingLine(row), { type: "milestone" });
      await writer.flush();
      const input = kind.input.parse(row.input);
      const result = await kind.execute(this.contextFor(row, input, writer, controller));
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
      } else if (reason?.kind === "disk_low" || isDiskFullError(error) || !this.disk.hasRoom()) {
        // Whatever a run hit on a full disk, it is not the run's fault: it waits for space.
        if (reason?.kind !== "disk_low") this.disk.holdWritesAfterDiskFull(error);
        await this.pauseForDisk(row, kind, writer);
      } else {
        const message = isAppError(error) ? error.message : "The run failed with an internal error";
        if (!isAppError(error)) log.error("run failed", { kind: row.kind, run: row.id, error });
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
    controller: AbortController,
  ): RunContext<Input> {
    const { db } = this.options;
    const { signal } = controller;
    // Between steps is the clean place to pause: nothing is half written, nothing is redone.
    const pauseIfDiskLow = () => {
      if (this.disk.hasRoom()) return;
      controller.abort({ kind: "disk_low" } satisfies AbortReason);
      throw signal.reason;
    };
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
        pauseIfDiskLow();
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
      log.warn("heartbeat failed", { run: runId, error });
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
      onEnded: this.options.onRunEnded,
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
    this.disk.writeSucceeded();
  }

  /**
   * Hands a run back to wait for disk space, saying so to its followers; it resumes from its
   * last completed step once there is room. A kind that cannot resume fails instead.
   */
  private async pauseForDisk(row: RunRow, kind: RunKind, writer: RunEventWriter): Promise<void> {
    const shortfall = this.disk.shortfall();
    try {
      await writer.close();
    } catch {
      // Its last events may not fit on the disk; the status change below matters more.
    }
    try {
      if (kind.resumable)
        await this.handBack(row, kind, `Paused: ${shortfall}; free space to continue`, {
          pause: true,
        });
      else await this.handBack(row, kind, `Stopped: ${shortfall}; free space and start it again`);
    } catch (error) {
      // Not even the status fits: the lease runs out and recovery hands the run back later.
      log.error("could not pause a run for disk space", { run: row.id, error });
    }
  }

  private handBack(row: RunRow, kind: RunKind | undefined, why: string, how?: HandBackOptions) {
    const { db, bus, maxAttempts, onRunEnded } = this.options;
    return handBackRun({ db, bus, maxAttempts, onRunEnded }, row, kind, why, how);
  }

  /** Runs left `in_progress` by a worker that died: resumed or failed, never left hanging. */
  private async recoverOrphans(includeUnexpired: boolean): Promise<void> {
    if (this.stopped || !this.disk.mayWrite()) return;
    try {
      const orphans = await listOrphanedRuns(this.options.db, { includeUnexpired });
      for (const row of orphans) {
        if (this.active.has(row.id)) continue;
        await this.handBack(
          row,
          this.options.kinds.get(row.kind),
          "The worker executing this run stopped",
          { leaseExpired: !includeUnexpired },
        );
      }
    } catch (error) {
      if (isDiskFullError(error)) this.disk.holdWritesAfterDiskFull(error);
      else if (!this.stopped) log.error("recovery failed", { error });
    }
  }
}

/** The first line of an execution: followers see whether it starts afresh or continues. */
function openingLine(row: ClaimedRun): string {
  if (!row.resumed) return "Started";
  return row.attempts > 1 ? `Resumed (attempt ${row.attempts})` : "Resumed";
}
