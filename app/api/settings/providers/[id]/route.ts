import { assertAdmin } from "@/lib/auth/guard";
import { parseWith, readJson, route } from "@/lib/http/route";
import { removeProvider, writeProvider } from "@/lib/llm/provider-settings";
import { providerIdSchema, providerInputSchema } from "@/lib/protocol/settings";

/** Adds or edits a provider; answers whether a saved key was dropped on the way. */
export const PUT = route<{ id: string }>(async (request, { params, principal, services }) => {
  assertAdmin(principal);
  const id = parseWith(providerIdSchema, params.id, "path");
  const input = await readJson(request, providerInputSchema);
  const written = await writeProvider(
    services.database.db,
    services.secrets,
    id,
    input,
    await services.models.findProvider(id),
  );
  services.models.settingsChanged();
  return Response.json({ status: "success", api_key_cleared: written.apiKeyCleared });
});

/** Removes a provider added in Settings (one of the environment's stays). */
export const DELETE = route<{ id: string }>(async (_request, { params, principal, services }) => {
  assertAdmin(principal);
  const id = parseWith(providerIdSchema, params.id, "path");
  await removeProvider(services.database.db, id, await services.models.findProvider(id));
  services.models.settingsChanged();
  return Response.json({ status: "success" });
});
