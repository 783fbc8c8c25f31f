import { route } from "@/lib/http/route";

export const DELETE = route<{ id: string }>(async (_request, { params, principal, services }) => {
  const run = await services.runs.getOwnRun(principal, params.id);
  await services.runs.deleteRun(run);
  return Response.json({ status: "success" });
});
