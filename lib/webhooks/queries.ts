import { and, desc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { snapshots, type WebhookEvent, webhookDeliveries, webhooks, wikis } from "../db/schema";

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
/** A claimed delivery with what sending it needs. */
export type DueDelivery = DeliveryRow & { url: string; secretSealed: string };

export async function insertWebhook(
  db: Database,
  values: { id: string; userId: string; url: string; events: WebhookEvent[]; secretSealed: string },
): Promise<WebhookRow> {
  const [row] = await db.insert(webhooks).values(values).returning();
  return row;
}

export async function getWebhookOfUser(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<WebhookRow | null> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.userId, userId)))
    .limit(1);
  return row ?? null;
}

export async function listWebhooksOfUser(
  db: Database,
  { userId }: { userId: string },
): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(eq(webhooks.userId, userId))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
}

/** The latest `perWebhook` deliveries of each webhook, newest first. */
export async function listRecentDeliveries(
  db: Database,
  { webhookIds, perWebhook }: { webhookIds: string[]; perWebhook: number },
): Promise<DeliveryRow[]> {
  if (webhookIds.length === 0) return [];
  const ranked = db
    .select({
      id: webhookDeliveries.id,
      rank: sql<number>`row_number() over (partition by ${webhookDeliveries.webhookId} order by ${webhookDeliveries.createdAt} desc, ${webhookDeliveries.id} desc)`.as(
        "rank",
      ),
    })
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.webhookId, webhookIds))
    .as("ranked");
  return db
    .select({ delivery: webhookDeliveries })
    .from(webhookDeliveries)
    .innerJoin(ranked, eq(ranked.id, webhookDeliveries.id))
    .where(lte(ranked.rank, perWebhook))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .then((rows) => rows.map((row) => row.delivery));
}

export async function deleteWebhookOfUser(
  db: Database,
  { id, userId }: { id: string; userId: string },
): Promise<boolean> {
  const deleted = await db
    .delete(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.userId, userId)))
    .returning({ id: webhooks.id });
  return deleted.length > 0;
}

/** The user's webhooks that subscribe to this event. */
export async function webhooksSubscribedTo(
  db: Database,
  { userId, event }: { userId: string; event: WebhookEvent },
): Promise<Pick<WebhookRow, "id">[]> {
  return db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.userId, userId),
        sql`${webhooks.events} @> ${JSON.stringify([event])}::jsonb`,
      ),
    );
}

/** The repository a run worked on, found from the snapshot or wiki its input names. */
export async function repositoryOfRun(
  db: Database,
  { snapshotId, wikiId }: { snapshotId?: string; wikiId?: string },
): Promise<string | null> {
  if (snapshotId) {
    const [row] = await db
      .select({ repoId: snapshots.repoId })
      .from(snapshots)
      .where(eq(snapshots.id, snapshotId))
      .limit(1);
    if (row) return row.repoId;
  }
  if (wikiId) {
    const [row] = await db
      .select({ repoId: wikis.repoId })
      .from(wikis)
      .where(eq(wikis.id, wikiId))
      .limit(1);
    if (row) return row.repoId;
  }
  return null;
}

/** Queues deliveries; one already queued for the same webhook and run is kept, not doubled. */
export async function insertDeliveries(
  db: Database,
  rows: { id: string; webhookId: string; runId: string | null; event: string; body: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(webhookDeliveries).values(rows).onConflictDoNothing();
}

/**
 * Claims deliveries that are due: each is pushed `claimMs` into the future so no other
 * dispatcher takes it meanwhile; one that dies while sending is tried again after that.
 */
export async function claimDueDeliveries(
  db: Database,
  { limit, claimMs }: { limit: number; claimMs: number },
): Promise<DueDelivery[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.status, "pending"),
          lte(webhookDeliveries.nextAttemptAt, sql`now()`),
        ),
      )
      .orderBy(webhookDeliveries.nextAttemptAt)
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    const ids = due.map((row) => row.id);
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: sql`now() + make_interval(secs => ${claimMs / 1000})` })
      .where(inArray(webhookDeliveries.id, ids));
    const rows = await tx
      .select({
        delivery: webhookDeliveries,
        url: webhooks.url,
        secretSealed: webhooks.secretSealed,
      })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(inArray(webhookDeliveries.id, ids));
    return rows.map((row) => ({ ...row.delivery, url: row.url, secretSealed: row.secretSealed }));
  });
}

/** Records one attempt: succeeded, failed for good, or due again after `retryInMs`. */
export async function recordDeliveryAttempt(
  db: Database,
  {
    id,
    attempts,
    outcome,
    retryInMs,
  }: {
    id: string;
    attempts: number;
    outcome: {
      ok: boolean;
      status: number | null;
      snippet: string | null;
      error: string | null;
      durationMs: number;
    };
    retryInMs: number | null;
  },
): Promise<void> {
  const status = outcome.ok ? "succeeded" : retryInMs === null ? "failed" : "pending";
  await db
    .update(webhookDeliveries)
    .set({
      status,
      attempts,
      lastAttemptAt: sql`now()`,
      nextAttemptAt:
        status === "pending"
          ? sql`now() + make_interval(secs => ${retryInMs! / 1000})`
          : sql`now()`,
      responseStatus: outcome.status,
      responseSnippet: outcome.snippet,
      error: outcome.error,
      durationMs: outcome.durationMs,
    })
    .where(eq(webhookDeliveries.id, id));
}
