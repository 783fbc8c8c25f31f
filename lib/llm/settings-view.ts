import type { ProviderView, SettingsView } from "../protocol/settings";
import type { EffectiveModelConfig } from "./models";
import type { Provider } from "./providers";

/** `GET /api/settings`: what is in force, keys only ever reported as set. */
export function describeSettings(effective: EffectiveModelConfig): SettingsView {
  return {
    chat_model: effective.chatModel ?? "",
    embedding_model: effective.embeddingModel ?? "",
    default_provider: effective.defaultProvider?.id ?? null,
    from_environment: {
      chat_model: effective.fromEnvironment.chatModel,
      embedding_model: effective.fromEnvironment.embeddingModel,
    },
    providers: effective.providers.map(describeProvider),
  };
}

function describeProvider(provider: Provider): ProviderView {
  return {
    id: provider.id,
    name: provider.name,
    kind: provider.kind,
    base_url: provider.baseUrl,
    api_key_set: Boolean(provider.apiKey),
    models: provider.models,
    context_tokens: provider.contextTokens ?? null,
    from_environment: {
      connection: provider.fromEnvironment.connection,
      models: provider.fromEnvironment.models,
      context_tokens: provider.fromEnvironment.contextTokens,
    },
    variables: provider.variables ?? null,
  };
}
