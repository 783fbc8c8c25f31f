import { route } from "@/lib/http/route";

/** Sends a signed `ping` delivery now: `202 {delivery_id}`, logged like any other. */
export const POST = route<{ id: string }>(async (_request, { params, principal, services }) => {
  services.limits.take("run", principal.key);
  return Response.json(await services.webhooks.sendTest(principal, params.id), { status: 202 });
});
