import { randomUUID } from "node:crypto";
import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import type {
  CreatedWebhook,
  CreateWebhookRequest,
  WebhookDeliveryView,
  WebhookView,
} from "../protocol/webhooks";
import type { RunEndedHook } from "../runs/queries";
import type { SecretBox } from "../security/secret-box";
import { eventOfRunEnd, idsOfRunInput, pingPayload, runEndedPayload } from "./payload";
import {
  type DeliveryRow,
  deleteWebhookOfUser,
  getWebhookOfUser,
  insertDeliveries,
  insertWebhook,
  listRecentDeliveries,
  listWebhooksOfUser,
  repositoryOfRun,
  webhooksSubscribedTo,
} from "./queries";
import { checkWebhookUrl } from "./send";
import { newWebhookSecret } from "./signature";

export interface WebhookServiceOptions {
  db: Database;
  secrets: SecretBox;
  /** WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate: boolean;
  /** Told when a delivery was queued outside a run's end (the test button), to send it now. */
  onQueued?: () => void;
  resolve?: (host: string) => Promise<string[]>;
}

const MAX_WEBHOOKS_PER_USER = 20;
const DELIVERIES_LISTED = 10;

/** A user's webhooks: registered, listed with their latest deliveries, deleted, tested. */
export class WebhookService {
  constructor(private readonly options: WebhookServiceOptions) {}

  async create(principal: Principal, request: CreateWebhookRequest): Promise<CreatedWebhook> {
    const { db, secrets } = this.options;
    const { url } = await checkWebhookUrl(request.url, this.options);
    const existing = await listWebhooksOfUser(db, { userId: principal.userId });
    if (existing.length >= MAX_WEBHOOKS_PER_USER)
      throw new AppError(
        "bad_request:webhook",
        `At most ${MAX_WEBHOOKS_PER_USER} webhooks per user`,
      );
    const secret = newWebhookSecret();
    const row = await insertWebhook(db, {
      id: randomUUID(),
      userId: principal.userId,
      url: url.toString(),
      events: [...new Set(request.events)],
      secretSealed: secrets.seal(secret),
    });
    return { id: row.id, secret };
  }

  async list(principal: Principal): Promise<WebhookView[]> {
    const { db } = this.options;
    const rows = await listWebhooksOfUser(db, { userId: principal.userId });
    const deliveries = await listRecentDeliveries(db, {
      webhookIds: rows.map((row) => row.id),
      perWebhook: DELIVERIES_LISTED,
    });
    return rows.map((row) => ({
      id: row.id,
      url: row.url,
      events: row.events,
      created_at: row.createdAt.toISOString(),
      deliveries: deliveries.filter((delivery) => delivery.webhookId === row.id).map(toView),
    }));
  }

  /** Another user's webhook is not found, as one that never existed. */
  async remove(principal: Principal, id: string): Promise<void> {
    if (!(await deleteWebhookOfUser(this.options.db, { id, userId: principal.userId })))
      throw new AppError("not_found:webhook", "Webhook not found");
  }

  /** Queues a `ping` delivery, signed like any other. */
  async sendTest(principal: Principal, id: string): Promise<{ delivery_id: string }> {
    const { db } = this.options;
    const webhook = await getWebhookOfUser(db, { id, userId: principal.userId });
    if (!webhook) throw new AppError("not_found:webhook", "Webhook not found");
    const payload = pingPayload();
    await insertDeliveries(db, [
      {
        id: payload.id,
        webhookId: webhook.id,
        runId: null,
        event: "ping",
        body: JSON.stringify(payload),
      },
    ]);
    this.options.onQueued?.();
    return { delivery_id: payload.id };
  }

  /** The hook of lib/runs: a delivery per subscribed webhook, in the transaction that ends the run. */
  readonly recordRunEnd: RunEndedHook = async (tx, row) => {
    const event = eventOfRunEnd(row);
    if (!event) return;
    const subscribed = await webhooksSubscribedTo(tx, { userId: row.userId, event });
    if (subscribed.length === 0) return;
    const repoId = await repositoryOfRun(tx, idsOfRunInput(row));
    await insertDeliveries(
      tx,
      subscribed.map((webhook) => {
        const id = randomUUID();
        return {
          id,
          webhookId: webhook.id,
          runId: row.id,
          event,
          body: JSON.stringify(runEndedPayload(row, event, id, repoId)),
        };
      }),
    );
  };
}

function toView(row: DeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    event: row.event,
    run_id: row.runId,
    status: row.status,
    attempts: row.attempts,
    response_status: row.responseStatus,
    response_snippet: row.responseSnippet,
    error: row.error,
    duration_ms: row.durationMs,
    created_at: row.createdAt.toISOString(),
    last_attempt_at: row.lastAttemptAt?.toISOString() ?? null,
    next_attempt_at: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
  };
}
