import { route } from "@/lib/http/route";

/** Deletes a webhook and its delivery log; another user's is `404`. */
export const DELETE = route<{ id: string }>(async (_request, { params, principal, services }) => {
  await services.webhooks.remove(principal, params.id);
  return Response.json({ status: "success" });
});
