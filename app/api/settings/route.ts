import { readJson, route } from "@/lib/http/route";
import { modelSettingsInputSchema, writeModelSettings } from "@/lib/llm/model-settings";

/** Model settings as the UI sees them: a saved key is only ever reported as set. */
export const GET = route(async (_request, { services }) => {
  const effective = await services.models.effective();
  return Response.json({
    base_url: effective.baseUrl ?? "",
    chat_model: effective.chatModel ?? "",
    embedding_model: effective.embeddingModel ?? "",
    api_key_set: Boolean(effective.apiKey),
    // The base URL and key are one pair: the environment sets both or neither.
    from_environment: {
      base_url: effective.fromEnvironment.connection,
      api_key: effective.fromEnvironment.connection,
      chat_model: effective.fromEnvironment.chatModel,
      embedding_model: effective.fromEnvironment.embeddingModel,
    },
  });
});

export const PUT = route(async (request, { services }) => {
  const input = await readJson(request, modelSettingsInputSchema);
  const { fromEnvironment } = await services.models.effective();
  const written = await writeModelSettings(services.database.db, services.secrets, input, {
    connectionFromEnvironment: fromEnvironment.connection,
  });
  services.models.settingsChanged();
  return Response.json({ status: "success", api_key_cleared: written.apiKeyCleared });
});
