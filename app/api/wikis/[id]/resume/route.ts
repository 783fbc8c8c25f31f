import { route } from "@/lib/http/route";

/** Writes the pages of a wiki that were not written (its generation stopped or failed). */
export const POST = route<{ id: string }>(async (_request, { params, principal, services }) => {
  const started = await services.wikis.resume(principal, params.id);
  return Response.json(started, { status: started.research_id ? 202 : 200 });
});
