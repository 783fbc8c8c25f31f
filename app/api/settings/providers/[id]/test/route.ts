import { assertAdmin } from "@/lib/auth/guard";
import { parseWith, readJson, route } from "@/lib/http/route";
import { providerIdSchema, providerTestInputSchema } from "@/lib/protocol/settings";

/**
 * Test connection: lists the provider's chat models, as saved or with the base URL and key
 * typed into the form; `{ok: false, error}` says why a provider could not be asked.
 */
export const POST = route<{ id: string }>(async (request, { params, principal, services }) => {
  assertAdmin(principal);
  const id = parseWith(providerIdSchema, params.id, "path");
  const input = await readJson(request, providerTestInputSchema);
  return Response.json(await services.models.testConnection(id, input));
});
