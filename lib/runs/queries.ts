import { and, asc, count, desc, eq, gt, ilike, inArray, lt, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { runEvents, runSteps, runs, type StoredRunStatus } from "../db/schema";
import type { RunEvent } from "../protocol/runs";

export type RunRow = typeof runs.$inferSelect;
/** An event before the log gives it its sequence number. */
export type EventDraft = Omit<RunEvent, "seq">;

export interface RunStateUpdate {
  progress?: number;
  message?: string;
  phase?: string;
  stepsDone?: number | null;
  stepsTotal?: number | null;
}

/**
 * Called inside the transaction that ends a run (completed, failed or cancelled, by a
 * worker, a cancel or recovery, on any node): what it writes commits with the end or not at all.
 */
export type RunEndedHook = (tx: Database, row: RunRow) => Promise<void>;
const ended: StoredRunStatus[] = ["completed", "failed", "cancelled"];

const CLAIM_LOCK_KEY = 727_002;
const ADMIT_LOCK_KEY = 727_003;
const active: StoredRunStatus[] = ["in_progress", "cancelling"];

/**
 * Queues a run unless `maxQueued` runs are already waiting (then null). The count and the
 * insert hold one advisory lock, so runs started at once cannot pass the limit together.
 */
export async function insertRunWithinCapacity(
  db: Database,
  values: { id: string; kind: string; userId: string; title: string; input: unknown },
  { maxQueued }: { maxQueued: number },
): Promise<RunRow | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ADMIT_LOCK_KEY})`);
    const [{ total }] = await tx
      .select({ total: count() })
      .from(runs)
      .where(eq(runs.status, "queued"));
    if (Number(total) >= maxQueued) return null;
    // Stamped when inserted under the lock, not when the transaction began waiting for it:
    // the queue orders by creation, and runs must stand in line in the order they joined it.
    const [row] = await tx
      .insert(runs)
      .values({ ...values, createdAt: sql`clock_timestamp()` })
      .returning();
    return row;
  });
}

export async function getRunById(db: Database, { id }: { id: string }): Promise<RunRow | null> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id)).limit(1);
  return row ?? null;
}

/**
 * Appends events in one transaction: the row's `last_seq` is bumped first, which locks
 * it, so concurrent writers (worker, cancel, recovery) never share or skip a number.
 */
export async function appendRunEvents(
  db: Database,
  { runId, drafts, state }: { runId: string; drafts: EventDraft[]; state?: RunStateUpdate },
): Promise<RunEvent[]> {
  if (drafts.length === 0 && !state) return [];
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(runs)
      .set({ ...state, lastSeq: sql`${runs.lastSeq} + ${drafts.length}` })
      .where(eq(runs.id, runId))
      .returning({ lastSeq: runs.lastSeq });
    if (!row || drafts.length === 0) return [];
    const first = row.lastSeq - drafts.length + 1;
    const events = drafts.map((draft, index) => ({ ...draft, seq: first + index }) as RunEvent);
    await tx
      .insert(runEvents)
      .values(events.map((event) => ({ runId, seq: event.seq, type: event.type, payload: event })));
    return events;
  });
}

export async function listRunEvents(
  db: Database,
  { runId, afterSeq, limit }: { runId: string; afterSeq: number; limit: number },
): Promise<RunEvent[]> {
  const rows = await db
    .select({ payload: runEvents.payload })
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, afterSeq)))
    .orderBy(asc(runEvents.seq))
    .limit(limit);
  return rows.map((row) => row.payload as RunEvent);
}

export async function getLatestMilestone(
  db: Database,
  { runId }: { runId: string },
): Promise<RunEvent | null> {
  const [row] = await db
    .select({ payload: runEvents.payload })
    .from(runEvents)
    .where(
      and(
        eq(runEvents.runId, runId),
        sql`${runEvents.payload} -> 'log_entry' ->> 'type' in ('milestone', 'error')`,
      ),
    )
    .orderBy(desc(runEvents.seq))
    .limit(1);
  return (row?.payload as RunEvent | undefined) ?? null;
}

/** A claimed run; `resumed` when it executed before (after a restart, or a pause for disk space). */
export type ClaimedRun = RunRow & { resumed: boolean };

/**
 * Claims the oldest runnable run whose owner is under the concurrency limit. The advisory
 * lock serialises claimers so two workers cannot both take a user's last free slot; for the
 * same reason the row lock waits rather than skips: a waiting run's row is locked for a
 * moment whenever an event is written to it (its own "Queued" line as it joins), and a
 * claimer skipping it would start the run behind it, out of turn.
 */
export async function claimNextRun(
  db: Database,
  options: { workerId: string; kinds: string[]; leaseMs: number; perUserLimit: number },
): Promise<ClaimedRun | null> {
  if (options.kinds.length === 0) return null;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`);
    const [candidate] = await tx
      .select({ id: runs.id, startedAt: runs.startedAt })
      .from(runs)
      .where(
        and(
          eq(runs.status, "queued"),
          inArray(runs.kind, options.kinds),
          sql`(select count(*) from runs as busy where busy.user_id = ${runs.userId}
                and busy.status in ('in_progress', 'cancelling')) < ${options.perUserLimit}`,
        ),
      )
      .orderBy(asc(runs.createdAt), asc(runs.id))
      .limit(1)
      .for("update");
    if (!candidate) return null;
    const [claimed] = await tx
      .update(runs)
      .set({
        status: "in_progress",
        leaseOwner: options.workerId,
        leaseExpiresAt: leaseUntil(options.leaseMs),
        attempts: sql`${runs.attempts} + 1`,
        startedAt: sql`coalesce(${runs.startedAt}, now())`,
      })
      .where(eq(runs.id, candidate.id))
      .returning();
    return claimed ? { ...claimed, resumed: candidate.startedAt !== null } : null;
  });
}

/** Extends the lease; reports whether it is still held and whether cancel was asked. */
export async function renewLease(
  db: Database,
  { runId, workerId, leaseMs }: { runId: string; workerId: string; leaseMs: number },
): Promise<{ held: boolean; cancelRequested: boolean }> {
  const [row] = await db
    .update(runs)
    .set({ leaseExpiresAt: leaseUntil(leaseMs) })
    .where(and(eq(runs.id, runId), eq(runs.leaseOwner, workerId), inArray(runs.status, active)))
    .returning({ status: runs.status });
  return { held: Boolean(row), cancelRequested: row?.status === "cancelling" };
}

/** Which of these runs a user asked to cancel (for a worker whose runs were cancelled elsewhere). */
export async function cancelRequestedAmong(
  db: Database,
  { ids }: { ids: string[] },
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(inArray(runs.id, ids), eq(runs.status, "cancelling")));
  return rows.map((row) => row.id);
}

/**
 * Moves a run to a new status when it is in one of `from` (and, for a worker, still
 * leased by it), appending the event that announces it in the same transaction.
 */
export async function transitionRun(
  db: Database,
  options: {
    runId: string;
    from: StoredRunStatus[];
    to: StoredRunStatus;
    leaseOwner?: string;
    /** Only when the lease has run out (recovery must not take a run back from a live worker). */
    leaseExpired?: boolean;
    draft?: (row: RunRow) => EventDraft;
    values?: Partial<typeof runs.$inferInsert>;
    /** Runs when this transition ends the run (see RunEndedHook). */
    onEnded?: RunEndedHook;
  },
): Promise<{ row: RunRow; event: RunEvent | null } | null> {
  return db.transaction(async (tx) => {
    const conditions = [eq(runs.id, options.runId), inArray(runs.status, options.from)];
    if (options.leaseOwner) conditions.push(eq(runs.leaseOwner, options.leaseOwner));
    if (options.leaseExpired) conditions.push(lt(runs.leaseExpiresAt, sql`now()`));
    const [row] = await tx
      .update(runs)
      .set({ ...options.values, status: options.to })
      .where(and(...conditions))
      .returning();
    if (!row) return null;
    if (ended.includes(row.status)) await options.onEnded?.(tx, row);
    if (!options.draft) return { row, event: null };
    const [bumped] = await tx
      .update(runs)
      .set({ lastSeq: sql`${runs.lastSeq} + 1` })
      .where(eq(runs.id, row.id))
      .returning();
    const event = { ...options.draft(bumped), seq: bumped.lastSeq } as RunEvent;
    await tx
      .insert(runEvents)
      .values({ runId: row.id, seq: event.seq, type: event.type, payload: event });
    return { row: bumped, event };
  });
}

/** Runs whose worker stopped renewing its lease, or (single-process) any still leased. */
export async function listOrphanedRuns(
  db: Database,
  { includeUnexpired }: { includeUnexpired: boolean },
): Promise<RunRow[]> {
  const leaseGone = or(sql`${runs.leaseExpiresAt} is null`, lt(runs.leaseExpiresAt, sql`now()`));
  return db
    .select()
    .from(runs)
    .where(
      includeUnexpired
        ? inArray(runs.status, active)
        : and(inArray(runs.status, active), leaseGone),
    )
    .orderBy(asc(runs.createdAt));
}

export async function listRunsByUser(
  db: Database,
  options: {
    userId: string;
    limit: number;
    offset: number;
    kinds?: string[];
    statuses?: StoredRunStatus[];
    /** Words the title or the repository contains, case-insensitively. */
    search?: string;
  },
): Promise<{ rows: RunRow[]; total: number }> {
  const pattern = options.search ? `%${options.search.replace(/[\\%_]/g, "\\$&")}%` : null;
  const where = and(
    eq(runs.userId, options.userId),
    options.kinds?.length ? inArray(runs.kind, options.kinds) : undefined,
    options.statuses?.length ? inArray(runs.status, options.statuses) : undefined,
    // A research's title is its question; its repository is in its input.
    pattern
      ? or(ilike(runs.title, pattern), ilike(sql`${runs.input}->>'repo_url'`, pattern))
      : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(runs)
      .where(where)
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(options.limit)
      .offset(options.offset),
    db.select({ total: count() }).from(runs).where(where),
  ]);
  return { rows, total: Number(total) };
}

/**
 * For a queued run: how many of its user's queued runs come first, and how many of the
 * user's runs are executing, read in one statement (one snapshot), so a run a worker claims
 * meanwhile is counted once, not as both queued and running.
 */
export async function getQueueCounts(
  db: Database,
  run: Pick<RunRow, "id" | "userId">,
): Promise<{ waiting: boolean; ahead: number; running: number }> {
  // The run's own place is read in the same statement, at the database's precision (a JS
  // Date keeps milliseconds only), and so is whether it still waits: one claimed since the
  // caller read it is not in line any more.
  const [row] = await db
    .select({
      waiting: sql<number>`count(*) filter (where ${runs.id} = ${run.id} and ${runs.status} = 'queued')`,
      ahead: sql<number>`count(*) filter (where ${runs.status} = 'queued' and (${runs.createdAt}, ${runs.id}) < (select me.created_at, me.id from runs as me where me.id = ${run.id}))`,
      running: sql<number>`count(*) filter (where ${runs.status} in ('in_progress', 'cancelling'))`,
    })
    .from(runs)
    .where(eq(runs.userId, run.userId));
  return {
    waiting: Number(row.waiting) > 0,
    ahead: Number(row.ahead),
    running: Number(row.running),
  };
}

export async function deleteRunById(db: Database, { id }: { id: string }): Promise<boolean> {
  const deleted = await db
    .delete(runs)
    .where(and(eq(runs.id, id), inArray(runs.status, ["completed", "failed", "cancelled"])))
    .returning({ id: runs.id });
  return deleted.length > 0;
}

export async function getStepResult(
  db: Database,
  { runId, name }: { runId: string; name: string },
): Promise<{ found: boolean; result: unknown }> {
  const [row] = await db
    .select({ result: runSteps.result })
    .from(runSteps)
    .where(and(eq(runSteps.runId, runId), eq(runSteps.name, name)))
    .limit(1);
  return row ? { found: true, result: row.result } : { found: false, result: undefined };
}

export async function saveStepResult(
  db: Database,
  { runId, name, result }: { runId: string; name: string; result: unknown },
): Promise<void> {
  await db
    .insert(runSteps)
    .values({ runId, name, result: result === undefined ? null : result })
    .onConflictDoNothing();
}

function leaseUntil(leaseMs: number) {
  return sql`now() + make_interval(secs => ${leaseMs / 1000})`;
}
