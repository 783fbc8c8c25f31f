import { route } from "@/lib/http/route";

export const GET = route<{ id: string }>(async (_request, { params, principal, services }) => {
  return Response.json(await services.wikis.view(principal, params.id));
});

export const DELETE = route<{ id: string }>(async (_request, { params, principal, services }) => {
  await services.wikis.delete(principal, params.id);
  return Response.json({ status: "success" });
});
