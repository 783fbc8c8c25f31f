import { route } from "@/lib/http/route";

/** DeepWiki's model configuration endpoint (PROTOCOLS.md section 5). */
export const GET = route(async (_request, { services }) => {
  return Response.json(await services.models.describeProviders());
});
