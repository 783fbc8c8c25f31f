import { route } from "@/lib/http/route";

export const POST = route<{ id: string }>(async (_request, { params, principal, services }) => {
  const run = await services.runs.getOwnRun(principal, params.id);
  const { message } = await services.runs.cancelRun(run);
  return Response.json({ status: "success", message });
});
