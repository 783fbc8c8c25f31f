import { randomUUID } from "node:crypto";
import type { Principal } from "../auth/guard";
import { canSeeRun, ownsRun, type Viewer } from "../auth/ownership";
import type { Database } from "../db/client";
import type { StoredRunStatus } from "../db/schema";
import { AppError } from "../errors";
import type { HistoryItem, RunEvent, RunSnapshot, RunStatus } from "../protocol/runs";
import type { RunEventBus } from "./event-bus";
import { draftFor, logEntry, stateOfRow } from "./event-writer";
import type { RunKindRegistry } from "./kinds";
import {
  appendRunEvents,
  deleteRunById,
  getLatestMilestone,
  getQueueCounts,
  getRunById,
  insertRunWithinCapacity,
  listRunEvents,
  listRunsByUser,
  type RunEndedHook,
  type RunRow,
  transitionRun,
} from "./queries";

export interface RunServiceOptions {
  db: Database;
  bus: RunEventBus;
  kinds: RunKindRegistry;
  perUserLimit: number;
  maxQueued: number;
  /**
   * Checks every start must pass before anything is written (rate limits, free disk);
   * each throws an AppError to refuse.
   */
  admit?: (principal: Principal) => void | Promise<void>;
  /** Recorded with every run's end, in its transaction (webhook deliveries). */
  onRunEnded?: RunEndedHook;
}

export interface StartedRun {
  snapshot: RunSnapshot;
  /** Set when the run waits for one of its owner's slots. */
  queuePosition?: number;
}

/** What the surfaces (REST, Socket.IO) may do with runs; each call checks ownership. */
export class RunService {
  constructor(private readonly options: RunServiceOptions) {}

  get bus(): RunEventBus {
    return this.options.bus;
  }

  async startRun({
    kind,
    input,
    principal,
    publicOnly = false,
    title,
  }: {
    kind: string;
    input: unknown;
    principal: Principal;
    /** The history line; the kind's `describe` when absent. */
    title?: string;
    /** True for the generic endpoint: only kinds marked `startable`. */
    publicOnly?: boolean;
  }): Promise<StartedRun> {
    const { db, kinds, bus } = this.options;
    await this.options.admit?.(principal);
    const definition = kinds.get(kind);
    if (!definition || (publicOnly && !definition.startable)) {
      throw new AppError("bad_request:run", `Unknown run kind: ${kind}`);
    }
    const parsed = definition.input.safeParse(input);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError(
        "bad_request:run",
        `Invalid input: ${first.path.join(".") || "body"}: ${first.message}`,
      );
    }
    const row = await insertRunWithinCapacity(
      db,
      {
        id: randomUUID(),
        kind,
        userId: principal.userId,
        title: (title ?? definition.describe(parsed.data)).slice(0, 500),
        input: parsed.data,
      },
      { maxQueued: this.options.maxQueued },
    );
    if (!row)
      throw new AppError("rate_limited:run", "The server is at capacity; try again shortly");
    const message = "Queued";
    const [event] = await appendRunEvents(db, {
      runId: row.id,
      drafts: [
        draftFor(
          row,
          { ...stateOfRow(row), message },
          {
            type: "status",
            log_entry: logEntry(message, "", { type: "milestone" }),
          },
        ),
      ],
      state: { message },
    });
    bus.emit("events", row.id, [event]);
    const snapshot = await this.snapshotOf({ ...row, message, lastSeq: event.seq });
    bus.emit("runnable");
    return { snapshot, queuePosition: snapshot.queue_position };
  }

  /**
   * The run if this viewer may see it (lib/auth/ownership.ts canSeeRun); the same
   * not-found either way otherwise, so ids of other users' runs are not revealed.
   */
  async getRun(viewer: Viewer, runId: string): Promise<RunRow> {
    const row = await getRunById(this.options.db, { id: runId });
    if (!row || !(await this.canSee(viewer, row)))
      throw new AppError("not_found:run", "Run not found");
    return row;
  }

  /**
   * The run if this viewer started it (cancel, delete): one they may only see (work on a
   * shared repository) is refused 403, one they may not see is 404.
   */
  async getOwnRun(viewer: Viewer, runId: string): Promise<RunRow> {
    const row = await this.getRun(viewer, runId);
    if (!ownsRun(viewer, row))
      throw new AppError("forbidden:run", "Only the user who started this run may do this");
    return row;
  }

  private async canSee(viewer: Viewer, row: RunRow): Promise<boolean> {
    if (ownsRun(viewer, row)) return true;
    const definition = this.options.kinds.get(row.kind);
    const input = definition?.input.safeParse(row.input);
    const repository =
      definition?.repositoryOf && input?.success ? await definition.repositoryOf(input.data) : null;
    return canSeeRun(viewer, row, repository);
  }

  /** The row without an access check: for internal bookkeeping only, never a response. */
  peekRun(runId: string): Promise<RunRow | null> {
    return getRunById(this.options.db, { id: runId });
  }

  async snapshotOf(row: RunRow): Promise<RunSnapshot> {
    const state = stateOfRow(row);
    const snapshot: RunSnapshot = {
      research_id: row.id,
      kind: row.kind,
      status: state.status,
      progress: state.progress,
      message: state.message,
      phase: state.phase,
      steps: state.steps ?? null,
      seq: row.lastSeq,
      created_at: row.createdAt.toISOString(),
      ...(row.startedAt ? { started_at: row.startedAt.toISOString() } : {}),
      ...(row.completedAt ? { completed_at: row.completedAt.toISOString() } : {}),
      ...(row.error ? { error: row.error } : {}),
    };
    if (row.status === "queued") {
      const position = await this.waitingPosition(row);
      if (position > 0) snapshot.queue_position = position;
    }
    return snapshot;
  }

  wireStatus(row: RunRow) {
    return stateOfRow(row).status;
  }

  latestMilestone(runId: string): Promise<RunEvent | null> {
    return getLatestMilestone(this.options.db, { runId });
  }

  listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]> {
    return listRunEvents(this.options.db, { runId, afterSeq, limit });
  }

  /** Queued runs end at once; running ones are aborted by whichever worker holds them. */
  async cancelRun(row: RunRow): Promise<{ message: string }> {
    const { db, bus } = this.options;
    if (row.status === "queued") {
      const done = await transitionRun(db, {
        runId: row.id,
        from: ["queued"],
        to: "cancelled",
        onEnded: this.options.onRunEnded,
        values: { completedAt: new Date(), message: "Cancelled" },
        draft: (current) =>
          draftFor(
            row,
            { ...stateOfRow(current), status: "cancelled", message: "Cancelled" },
            {
              type: "status",
              log_entry: logEntry("Cancelled before it started", current.phase, {
                type: "milestone",
              }),
            },
          ),
      });
      if (done?.event) {
        bus.emit("events", row.id, [done.event]);
        return { message: "Run cancelled" };
      }
    }
    const requested = await transitionRun(db, {
      runId: row.id,
      from: ["in_progress", "cancelling"],
      to: "cancelling",
    });
    if (requested) {
      // The worker executing it aborts: this process's at once, another's through the bridge
      // (or, without one, when it next looks at the database).
      bus.emit("cancelRequested", row.id);
      return { message: "Cancellation requested" };
    }
    const current = await getRunById(db, { id: row.id });
    if (current?.status === "queued") return this.cancelRun(current);
    throw new AppError("conflict:run", `Run already ${current?.status ?? "deleted"}`);
  }

  async deleteRun(row: RunRow): Promise<void> {
    if (!(await deleteRunById(this.options.db, { id: row.id }))) {
      throw new AppError("conflict:run", "A run in progress cannot be deleted; cancel it first");
    }
  }

  async history({
    principal,
    limit,
    offset,
    kinds,
    statuses,
    search,
  }: {
    principal: Principal;
    limit: number;
    offset: number;
    kinds?: string[];
    statuses?: RunStatus[];
    search?: string;
  }): Promise<{ items: HistoryItem[]; total: number }> {
    const { rows, total } = await listRunsByUser(this.options.db, {
      userId: principal.userId,
      limit,
      offset,
      kinds,
      // A run being cancelled still shows as in progress.
      statuses: statuses?.flatMap((status): StoredRunStatus[] =>
        status === "in_progress" ? ["in_progress", "cancelling"] : [status],
      ),
      search,
    });
    return { items: rows.map(toHistoryItem), total };
  }

  /**
   * How many of the owner's runs start before this one: its rank among their queued
   * runs less the slots that are free now. Zero or less means it starts right away.
   */
  private async waitingPosition(row: RunRow): Promise<number> {
    const { db, perUserLimit } = this.options;
    const { waiting, ahead, running } = await getQueueCounts(db, row);
    if (!waiting) return 0;
    return ahead + 1 - Math.max(0, perUserLimit - running);
  }
}

function toHistoryItem(row: RunRow): HistoryItem {
  const end = row.completedAt ?? null;
  return {
    id: row.id,
    kind: row.kind,
    query: row.title,
    status: stateOfRow(row).status,
    progress: row.progress,
    message: row.message,
    error: row.error,
    created_at: row.createdAt.toISOString(),
    completed_at: end?.toISOString() ?? null,
    duration_seconds:
      end && row.startedAt ? Math.max(0, (end.getTime() - row.startedAt.getTime()) / 1000) : null,
    repository: repositoryOf(row.input),
  };
}

/** The `repo_url` a run's input names (research runs), the same field history search reads. */
function repositoryOf(input: unknown): string | null {
  const value = (input as { repo_url?: unknown } | null)?.repo_url;
  return typeof value === "string" ? value : null;
}
