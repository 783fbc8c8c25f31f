import { randomUUID } from "node:crypto";
import type { WebhookEvent } from "../db/schema";
import type { WebhookPayload } from "../protocol/webhooks";
import type { RunRow } from "../runs/queries";

const eventOfStatus: Record<string, WebhookEvent | undefined> = {
  completed: "run.completed",
  failed: "run.failed",
  cancelled: "run.cancelled",
};

/** The event a run's end announces; null for a status that is not an end. */
export const eventOfRunEnd = (row: RunRow): WebhookEvent | null =>
  eventOfStatus[row.status] ?? null;

/** The ids a run's input may name (research and index: a snapshot; wiki: a wiki). */
export function idsOfRunInput(row: RunRow): { snapshotId?: string; wikiId?: string } {
  const input = (row.input ?? {}) as Record<string, unknown>;
  return {
    ...(typeof input.snapshot_id === "string" ? { snapshotId: input.snapshot_id } : {}),
    ...(typeof input.wiki_id === "string" ? { wikiId: input.wiki_id } : {}),
  };
}

/** What a delivery says about a run: its identity, repository and outcome, never its input or result. */
export function runEndedPayload(
  row: RunRow,
  event: WebhookEvent,
  deliveryId: string,
  repoId: string | null,
): WebhookPayload {
  const { snapshotId, wikiId } = idsOfRunInput(row);
  return {
    id: deliveryId,
    event,
    created_at: new Date().toISOString(),
    run: {
      id: row.id,
      kind: row.kind,
      status: row.status as "completed" | "failed" | "cancelled",
      title: row.title,
      ...(repoId ? { repo_id: repoId } : {}),
      ...(snapshotId ? { snapshot_id: snapshotId } : {}),
      ...(wikiId ? { wiki_id: wikiId } : {}),
      ...(row.error ? { error: row.error } : {}),
      created_at: row.createdAt.toISOString(),
      started_at: row.startedAt?.toISOString() ?? null,
      completed_at: row.completedAt?.toISOString() ?? null,
    },
  };
}

export function pingPayload(): WebhookPayload {
  return { id: randomUUID(), event: "ping", created_at: new Date().toISOString() };
}
