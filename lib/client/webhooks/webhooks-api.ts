import { z } from "zod";
import {
  type CreatedWebhook,
  type CreateWebhookRequest,
  createdWebhookSchema,
  type WebhookView,
  webhookListSchema,
} from "@/lib/protocol/webhooks";
import { postJson, requestJson } from "../api/api-request";

const webhookPath = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;

/** `GET /api/webhooks`: the user's webhooks with their latest deliveries. */
export async function fetchWebhooks(signal?: AbortSignal): Promise<WebhookView[]> {
  return (await requestJson("/api/webhooks", webhookListSchema, { signal })).items;
}

/** Registers a webhook; the answer holds the secret, which is never shown again. */
export function createWebhook(input: CreateWebhookRequest): Promise<CreatedWebhook> {
  return requestJson("/api/webhooks", createdWebhookSchema, postJson(input));
}

export async function deleteWebhook(id: string): Promise<void> {
  await requestJson(webhookPath(id), z.object({ status: z.literal("success") }), {
    method: "DELETE",
  });
}

/** Queues a signed `ping` delivery. */
export async function sendTestDelivery(id: string): Promise<void> {
  await requestJson(`${webhookPath(id)}/test`, z.object({ delivery_id: z.string() }), postJson({}));
}
