import { z } from "zod";
import { readJson, route } from "@/lib/http/route";

const updateSchema = z.object({ token: z.string().min(1).max(1_000).optional() });

/** A wiki for the repository's newest commit, rewriting only the pages whose sources changed. */
export const POST = route<{ id: string }>(async (request, { params, principal, services }) => {
  const hasBody = Number(request.headers.get("content-length") ?? 0) > 0;
  const body = hasBody ? await readJson(request, updateSchema) : {};
  const started = await services.wikis.update(principal, params.id, body);
  return Response.json(started, { status: started.research_id ? 202 : 200 });
});
