import { assertAdmin } from "@/lib/auth/guard";
import { readJson, route } from "@/lib/http/route";
import { writeModelSettings } from "@/lib/llm/model-settings";
import { describeSettings } from "@/lib/llm/settings-view";
import { settingsInputSchema } from "@/lib/protocol/settings";

/** The models and providers in force; a key is only ever reported as set. */
export const GET = route(async (_request, { services }) => {
  return Response.json(describeSettings(await services.models.effective()));
});

/** The default models and provider; providers themselves are under ./providers. */
export const PUT = route(async (request, { principal, services }) => {
  assertAdmin(principal);
  const input = await readJson(request, settingsInputSchema);
  const { providers } = await services.models.effective();
  await writeModelSettings(services.database.db, input, {
    providerIds: providers.map((provider) => provider.id),
  });
  services.models.settingsChanged();
  return Response.json({ status: "success" });
});
