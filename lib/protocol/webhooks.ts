import { z } from "zod";

/** The events a webhook can subscribe to (PROTOCOLS.md section 8); `ping` is the test button's. */
export const webhookEventSchema = z.enum(["run.completed", "run.failed", "run.cancelled"]);
export type WebhookEventName = z.infer<typeof webhookEventSchema>;

export const createWebhookSchema = z.object({
  url: z.string().trim().min(1).max(2_000),
  events: z.array(webhookEventSchema).min(1).max(3),
});
export type CreateWebhookRequest = z.infer<typeof createWebhookSchema>;

export interface CreatedWebhook {
  id: string;
  /** Shown once: the receiver verifies signatures with it. */
  secret: string;
}

export interface WebhookDeliveryView {
  id: string;
  event: string;
  run_id: string | null;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  response_status: number | null;
  response_snippet: string | null;
  error: string | null;
  duration_ms: number | null;
  created_at: string;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
}

export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEventName[];
  created_at: string;
  /** The latest deliveries, newest first. */
  deliveries: WebhookDeliveryView[];
}

/** The JSON body of every delivery; `run` is absent from a `ping`. */
export interface WebhookPayload {
  id: string;
  event: WebhookEventName | "ping";
  created_at: string;
  run?: {
    id: string;
    kind: string;
    status: "completed" | "failed" | "cancelled";
    title: string;
    repo_id?: string;
    wiki_id?: string;
    error?: string;
    created_at: string;
    started_at: string | null;
    completed_at: string | null;
  };
}
