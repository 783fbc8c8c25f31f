import { route } from "@/lib/http/route";

export const GET = route<{ id: string }>(async (_request, { params, services }) => {
  return Response.json(await services.repos.get(params.id));
});

export const DELETE = route<{ id: string }>(async (_request, { params, services }) => {
  await services.repos.delete(params.id);
  return Response.json({ status: "success" });
});
