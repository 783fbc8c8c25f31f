import { readJson, route } from "@/lib/http/route";
import { createWebhookSchema } from "@/lib/protocol/webhooks";

export const dynamic = "force-dynamic";

/** Registers a webhook: `201 {id, secret}`, the secret shown this once. */
export const POST = route(async (request, { principal, services }) => {
  const body = await readJson(request, createWebhookSchema);
  return Response.json(await services.webhooks.create(principal, body), { status: 201 });
});

/** The user's webhooks with their latest deliveries (never their secrets). */
export const GET = route(async (_request, { principal, services }) =>
  Response.json({ items: await services.webhooks.list(principal) }),
);
