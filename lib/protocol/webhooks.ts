import { z } from "zod";

/** The events a webhook can subscribe to (PROTOCOLS.md section 8); `ping` is the test button's. */
export const webhookEventSchema = z.enum(["run.completed", "run.failed", "run.cancelled"]);
export type WebhookEventName = z.infer<typeof webhookEventSchema>;

export const createWebhookSchema = z.object({
  url: z.string().trim().min(1).max(2_000),
  events: z.array(webhookEventSchema).min(1).max(3),
});
export type CreateWebhookRequest = z.infer<typeof createWebhookSchema>;

export const createdWebhookSchema = z.object({
  id: z.string(),
  /** Shown once: the receiver verifies signatures with it. */
  secret: z.string(),
});
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const webhookDeliveryViewSchema = z.object({
  id: z.string(),
  event: z.string(),
  run_id: z.string().nullable(),
  status: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.number(),
  response_status: z.number().nullable(),
  response_snippet: z.string().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number().nullable(),
  created_at: z.string(),
  last_attempt_at: z.string().nullable(),
  /** When the next attempt is due; null once it succeeded or failed for good. */
  next_attempt_at: z.string().nullable(),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;

export const webhookViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventSchema),
  created_at: z.string(),
  /** The latest deliveries, newest first. */
  deliveries: z.array(webhookDeliveryViewSchema),
});
export type WebhookView = z.infer<typeof webhookViewSchema>;

export const webhookListSchema = z.object({ items: z.array(webhookViewSchema) });

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
    snapshot_id?: string;
    wiki_id?: string;
    error?: string;
    created_at: string;
    started_at: string | null;
    completed_at: string | null;
  };
}
