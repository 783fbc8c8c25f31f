import type { Database } from "../db/client";
import type { StoredRunStatus } from "../db/schema";
import type { LogEntryType, RunStatus } from "../protocol/runs";
import type { RunEventBus } from "./event-bus";
import { draftFor, logEntry, stateOfRow } from "./event-writer";
import type { RunKind } from "./kinds";
import { type RunEndedHook, type RunRow, transitionRun } from "./queries";

export interface HandBackDeps {
  db: Database;
  bus: RunEventBus;
  maxAttempts: number;
  onRunEnded?: RunEndedHook;
}

export interface HandBackOptions {
  /** Taken from a worker whose lease ran out (not from this process). */
  leaseExpired?: boolean;
  /** Waiting for disk space: not a failed attempt, and no limit on how often. */
  pause?: boolean;
}

/**
 * What becomes of a run a worker can no longer execute (shutdown, a dead worker found
 * later, a full disk): cancelled if a cancel was asked for, back in the queue to resume
 * here or elsewhere if its kind allows and attempts remain (a pause costs none), else failed.
 */
export async function handBackRun(
  { db, bus, maxAttempts, onRunEnded }: HandBackDeps,
  row: RunRow,
  kind: RunKind | undefined,
  why: string,
  { leaseExpired = false, pause = false }: HandBackOptions = {},
): Promise<void> {
  const from: StoredRunStatus[] = ["in_progress", "cancelling"];
  const common = { runId: row.id, leaseOwner: row.leaseOwner ?? undefined, leaseExpired };
  const cleared = { leaseOwner: null, leaseExpiresAt: null };
  let target: { to: StoredRunStatus; status: RunStatus; message: string; type: LogEntryType };
  if (row.status === "cancelling") {
    target = { to: "cancelled", status: "cancelled", message: "Cancelled", type: "milestone" };
  } else if (kind?.resumable && (pause || row.attempts < maxAttempts)) {
    // Also on shutdown: it waits in the queue for the next worker, here or elsewhere.
    target = {
      to: "queued",
      status: "queued",
      message: pause ? why : `${why}; it will resume`,
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
    onEnded: onRunEnded,
    values: {
      ...cleared,
      // The claim counted this execution as an attempt; a pause gives it back.
      ...(pause && target.to === "queued" ? { attempts: row.attempts - 1 } : {}),
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
