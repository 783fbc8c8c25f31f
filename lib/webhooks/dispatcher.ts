import type { Database } from "../db/client";
import { logger } from "../log";
import type { RunEvent } from "../protocol/runs";
import { isTerminalStatus } from "../protocol/runs";
import type { RunEventBus } from "../runs/event-bus";
import type { SecretBox } from "../security/secret-box";
import { retryDelay } from "./backoff";
import { claimDueDeliveries, type DueDelivery, recordDeliveryAttempt } from "./queries";
import { postWebhook } from "./send";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";

export interface WebhookDispatcherOptions {
  db: Database;
  secrets: SecretBox;
  /** Woken by runs ending in this process; others' are found by polling. */
  bus?: RunEventBus;
  /** WEBHOOK_RETRY_DELAYS_MS: the waits between attempts; attempts = delays + 1. */
  retryDelaysMs: readonly number[];
  /** WEBHOOK_TIMEOUT_MS. */
  timeoutMs: number;
  allowPrivate: boolean;
  pollMs?: number;
  /** Deliveries sent at once. */
  concurrency?: number;
  resolve?: (host: string) => Promise<string[]>;
}

const log = logger("webhooks");

/**
 * Sends due deliveries: claims them (several processes may run one each), signs and posts
 * each, and records the outcome, scheduling the next attempt with backoff. Everything it
 * needs is in the database, so deliveries pending at a restart go out after it.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly onEvents = (_runId: string, events: RunEvent[]) => {
    if (events.some((event) => event.type === "status" && isTerminalStatus(event.status)))
      this.wake();
  };

  constructor(private readonly options: WebhookDispatcherOptions) {}

  start(): void {
    this.options.bus?.on("events", this.onEvents);
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 1_000);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.bus?.off("events", this.onEvents);
    clearInterval(this.timer);
    await this.ticking;
  }

  /** Looks for due deliveries now (a run just ended, a test was asked for). */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.drain().finally(() => {
      this.ticking = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    const { db, timeoutMs } = this.options;
    const limit = this.options.concurrency ?? 8;
    try {
      while (!this.stopped) {
        // A claim outlives the attempt, so a dispatcher that died mid-send is retried after it.
        const due = await claimDueDeliveries(db, { limit, claimMs: timeoutMs + 30_000 });
        if (due.length === 0) return;
        await Promise.all(due.map((delivery) => this.attempt(delivery)));
      }
    } catch (error) {
      if (!this.stopped) log.error("delivering webhooks failed", { error });
    }
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    const { db, retryDelaysMs } = this.options;
    const outcome = await this.send(delivery);
    const attempts = delivery.attempts + 1;
    const retryInMs = outcome.ok ? null : retryDelay(attempts, retryDelaysMs);
    if (!outcome.ok)
      log.info("webhook delivery failed", {
        delivery: delivery.id,
        attempts,
        error: outcome.error,
        retry_in_ms: retryInMs,
      });
    await recordDeliveryAttempt(db, { id: delivery.id, attempts, outcome, retryInMs });
  }

  private async send(delivery: DueDelivery) {
    let secret: string;
    try {
      secret = this.options.secrets.open(delivery.secretSealed);
    } catch {
      // CARTOGRAPH_SECRET changed since the webhook was made: it cannot be signed any more.
      return {
        ok: false,
        status: null,
        snippet: null,
        error: "The secret cannot be opened",
        durationMs: 0,
      };
    }
    return postWebhook({
      url: delivery.url,
      body: delivery.body,
      headers: {
        "content-type": "application/json",
        "user-agent": "Cartograph-Webhooks",
        "X-Cartograph-Event": delivery.event,
        "X-Cartograph-Delivery": delivery.id,
        [SIGNATURE_HEADER]: signatureHeader(secret, delivery.body),
      },
      timeoutMs: this.options.timeoutMs,
      allowPrivate: this.options.allowPrivate,
      resolve: this.options.resolve,
    });
  }
}
