import { readQuery, route } from "@/lib/http/route";
import { usageQuerySchema } from "@/lib/protocol/usage";
import { usageFor } from "@/lib/usage/report";

/** `{items: [{key, input_tokens, output_tokens, cost}]}` by model, user or day (PROTOCOLS.md §8). */
export const GET = route(async (request, { principal, services }) => {
  const query = readQuery(request, usageQuerySchema);
  return Response.json(await usageFor(services.database.db, principal, query));
});
