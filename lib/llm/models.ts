import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { TtlValue } from "../cache/ttl-value";
import type { AppConfig } from "../config/env";
import { AppError } from "../errors";
import type { ModelsConfig } from "../protocol/deepwiki";
import type { ProviderTestInput, ProviderTestResult } from "../protocol/settings";
import { withDirectTextStreams } from "./chat-completions-stream";
import { contextWindowOf } from "./context-windows";
import { createEmbedder, type Embedder } from "./embedder";
import { createIdleTimeoutFetch, type ModelFetch } from "./idle-timeout-fetch";
import { type ModelConnection, resolveModelConnections } from "./model-connection";
import type { ModelSettings } from "./model-settings";
import { createProviderFetch } from "./provider-fetch";
import { isChatModel, keyFingerprint, ProviderModels } from "./provider-models";
import { providerToTest } from "./provider-settings";
import {
  defaultBaseUrlOf,
  defaultProviderOf,
  environmentProviders,
  type Provider,
  type ProviderEnvironment,
  providerCatalogue,
  type ReadVariable,
} from "./providers";
import { meteredModel, type UsageRecorder } from "./usage-middleware";

export interface ResolvedChatModel {
  model: LanguageModelV3;
  provider: string;
  modelId: string;
  /** The context window to fit a conversation into (the provider's, else the server's). */
  contextTokens: number;
}

export type ModelConfig = ProviderEnvironment &
  Pick<AppConfig, "CHAT_MODEL" | "EMBEDDING_MODEL" | "EMBEDDING_BASE_URL" | "EMBEDDING_API_KEY"> &
  Partial<Pick<AppConfig, "MODEL_IDLE_TIMEOUT_MS" | "CHAT_CONTEXT_TOKENS">>;

/**
 * What is in force: the environment first, then what was saved in the UI, then defaults.
 * Every provider's base URL and key are a pair from one source, and so are the embedding
 * URL and key (see resolveModelConnections): a key is only ever sent to its own URL.
 */
export interface EffectiveModelConfig {
  providers: Provider[];
  /** The provider of requests that name none; undefined when none is configured. */
  defaultProvider?: Provider;
  chatModel?: string;
  embeddingModel?: string;
  embedding: ModelConnection;
  saved: ModelSettings;
  /** Which settings the environment fixes (the UI shows them read-only). */
  fromEnvironment: { chatModel: boolean; embeddingModel: boolean };
}

const SETTINGS_TTL_MS = 2_000;
const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
const DEFAULT_MODEL_IDLE_TIMEOUT_MS = 120_000;

/**
 * Chat models by provider: every provider is an OpenAI-compatible endpoint (Azure's with
 * its own addressing), always called through the Chat Completions API.
 */
export class ModelRegistry {
  /** What was saved in the UI, read again after SETTINGS_TTL_MS. */
  private readonly saved: TtlValue<ModelSettings>;
  private embedderCache: { key: string; embedder: Embedder } | null = null;
  /** Every model call goes through this: a provider that falls silent is cut off. */
  private readonly modelFetch: ModelFetch;
  /** A provider that sends nothing for this long is cut off. */
  private readonly idleMs: number;
  private readonly listings: ProviderModels;
  private readonly fromEnvironment: Provider[];

  constructor(
    private readonly config: ModelConfig,
    loadSettings: () => Promise<ModelSettings> = async () => ({ providers: [] }),
    /** Where a custom provider's `api_key_env` is looked up. */
    readVariable: ReadVariable = (name) => process.env[name],
    /** Stores every chat model call's usage and cost (lib/usage/recorder.ts); none in some unit tests. */
    private readonly recorder?: UsageRecorder,
  ) {
    this.saved = new TtlValue(loadSettings, SETTINGS_TTL_MS);
    this.idleMs = config.MODEL_IDLE_TIMEOUT_MS ?? DEFAULT_MODEL_IDLE_TIMEOUT_MS;
    this.modelFetch = createIdleTimeoutFetch({ idleMs: this.idleMs });
    this.listings = new ProviderModels(this.modelFetch);
    this.fromEnvironment = environmentProviders(config, readVariable);
  }

  /** Forget cached settings after the UI saved new ones. */
  settingsChanged(): void {
    this.saved.forget();
  }

  async effective(): Promise<EffectiveModelConfig> {
    const saved = await this.saved.get();
    const env = this.config;
    const providers = providerCatalogue(this.fromEnvironment, saved);
    const savedOpenAi = saved.providers.find((entry) => entry.id === "openai") ?? {};
    return {
      providers,
      defaultProvider: defaultProviderOf(providers, saved.defaultProvider),
      chatModel: env.CHAT_MODEL ?? saved.chatModel,
      embeddingModel: env.EMBEDDING_MODEL ?? saved.embeddingModel,
      embedding: resolveModelConnections(env, savedOpenAi).embedding,
      saved,
      fromEnvironment: {
        chatModel: Boolean(env.CHAT_MODEL),
        embeddingModel: Boolean(env.EMBEDDING_MODEL),
      },
    };
  }

  /** No provider at all: Ask answers with passages only, wikis are structural. */
  async configured(): Promise<boolean> {
    return (await this.effective()).providers.length > 0;
  }

  /** The provider in force with this id, if any. */
  async findProvider(id: string): Promise<Provider | undefined> {
    return (await this.effective()).providers.find((provider) => provider.id === id);
  }

  /**
   * The provider a request names (DeepWiki's names or a custom id; empty = the default),
   * or null when none is configured at all. One that is not configured is a clear 400.
   */
  async providerFor(name: string | undefined): Promise<Provider | null> {
    const { providers, defaultProvider } = await this.effective();
    if (!defaultProvider) return null;
    if (!name) return defaultProvider;
    const named = providers.find((provider) => provider.id === name);
    if (!named) {
      throw new AppError(
        "bad_request:model",
        `The provider ${name} is not configured; configured: ${providers.map((provider) => provider.id).join(", ")}`,
      );
    }
    return named;
  }

  async resolveChat(request: {
    provider?: string;
    model?: string;
  }): Promise<ResolvedChatModel | null> {
    const provider = await this.providerFor(request.provider);
    if (!provider) return null;
    const modelId = request.model || (await this.defaultModelOf(provider, await this.effective()));
    // Azure addresses a deployment in the path; everything else names the model in the body.
    const baseURL =
      provider.kind === "azure"
        ? `${provider.baseUrl}/deployments/${encodeURIComponent(modelId)}`
        : provider.baseUrl;
    const client = createOpenAI({
      baseURL,
      apiKey: "", // attached by the provider's fetch, never read from the process environment
      fetch: createProviderFetch(provider, this.modelFetch),
    });
    // Plain text streams (answers, pages, reports) are read straight off the socket.
    const model = withDirectTextStreams(client.chat(modelId), {
      target: provider,
      idleMs: this.idleMs,
    });
    return {
      // Wrapped here, once, so no call site can leave a call unrecorded.
      model: this.recorder
        ? meteredModel(model, { provider: provider.id, modelId }, this.recorder)
        : model,
      provider: provider.id,
      modelId,
      contextTokens:
        provider.contextTokens ?? this.config.CHAT_CONTEXT_TOKENS ?? contextWindowOf(modelId),
    };
  }

  /** The embedder in force, or null when no embedding model is configured. */
  async embedder(): Promise<Embedder | null> {
    const { embedding, embeddingModel } = await this.effective();
    if (!embeddingModel || (!embedding.baseUrl && !embedding.apiKey)) return null;
    const baseUrl = embedding.baseUrl ?? (defaultBaseUrlOf("openai") as string);
    // A replaced or cleared key must not live on in a cached client.
    const key = `${baseUrl}|${embeddingModel}|${keyFingerprint(embedding.apiKey)}`;
    if (this.embedderCache?.key !== key) {
      const target = {
        id: "embeddings",
        kind: "openai-compatible" as const,
        baseUrl,
        apiKey: embedding.apiKey,
      };
      const client = createOpenAI({
        baseURL: baseUrl,
        apiKey: "",
        name: "embeddings",
        fetch: createProviderFetch(target, this.modelFetch),
      });
      this.embedderCache = {
        key,
        embedder: createEmbedder(client.embedding(embeddingModel), {
          metering: this.recorder && { provider: "embeddings", recorder: this.recorder },
        }),
      };
    }
    return this.embedderCache.embedder;
  }

  /** Every configured provider with its chat models; the default model first. */
  async describeProviders(): Promise<ModelsConfig> {
    const effective = await this.effective();
    const { providers, defaultProvider } = effective;
    const described = await Promise.all(
      providers.map(async (provider) => {
        const fallback = configuredModelOf(provider, effective);
        const listed = await this.listings.chatModels(provider);
        const models = [...new Set([...(fallback ? [fallback] : []), ...listed])];
        return {
          id: provider.id,
          name: provider.name,
          models: models.map((id) => ({ id, name: id })),
          supportsCustomModel: true,
        };
      }),
    );
    return { providers: described, defaultProvider: defaultProvider?.id ?? "openai" };
  }

  /** Test connection in Settings: the provider's own model list, or why it failed. */
  async testConnection(id: string, input: ProviderTestInput): Promise<ProviderTestResult> {
    const { providers, saved } = await this.effective();
    const provider = providerToTest(
      id,
      input,
      providers.find((entry) => entry.id === id),
      saved.providers.find((entry) => entry.id === id),
    );
    return this.listings.test(provider);
  }

  /**
   * A request that names no model: the default chat model for the default provider, else
   * the provider's first configured model, else the first one it lists.
   */
  private async defaultModelOf(
    provider: Provider,
    effective: EffectiveModelConfig,
  ): Promise<string> {
    const configured = configuredModelOf(provider, effective);
    if (configured) return configured;
    const [listed] = await this.listings.chatModels(provider);
    if (listed) return listed;
    throw new AppError(
      "bad_request:model",
      `Name a model for the provider ${provider.id}: none is configured and it lists none`,
    );
  }
}

/** The model a request naming none gets without asking the provider, if any. */
function configuredModelOf(
  provider: Provider,
  effective: EffectiveModelConfig,
): string | undefined {
  if (provider.id === effective.defaultProvider?.id && effective.chatModel)
    return effective.chatModel;
  const listed = provider.models.find(isChatModel);
  if (listed) return listed;
  return provider.id === "openai" ? DEFAULT_OPENAI_MODEL : undefined;
}
