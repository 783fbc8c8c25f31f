import { createHash } from "node:crypto";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import type { AppConfig } from "../config/env";
import { AppError } from "../errors";
import { contextWindowOf } from "./context-windows";
import { createEmbedder, type Embedder } from "./embedder";
import { createIdleTimeoutFetch, type ModelFetch } from "./idle-timeout-fetch";
import { resolveModelConnections } from "./model-connection";
import type { ModelSettings } from "./model-settings";

export interface ResolvedChatModel {
  model: LanguageModel;
  provider: string;
  modelId: string;
  /** The window every prompt for this model is fitted into, decided here once. */
  contextTokens: number;
}

export interface ProviderDescription {
  id: string;
  name: string;
  models: { id: string; name: string }[];
  supportsCustomModel: boolean;
}

type ModelConfig = Pick<
  AppConfig,
  | "OPENAI_BASE_URL"
  | "OPENAI_API_KEY"
  | "CHAT_MODEL"
  | "EMBEDDING_MODEL"
  | "EMBEDDING_BASE_URL"
  | "EMBEDDING_API_KEY"
> &
  Partial<Pick<AppConfig, "MODEL_IDLE_TIMEOUT_MS" | "CHAT_CONTEXT_TOKENS">>;

/**
 * What is in force: the environment first, then what was saved in the UI, then defaults.
 * `baseUrl` + `apiKey` and `embeddingBaseUrl` + `embeddingApiKey` are pairs from one
 * source each (see resolveModelConnections): a key is only ever sent to its own URL.
 */
export interface EffectiveModelConfig {
  baseUrl?: string;
  apiKey?: string;
  chatModel?: string;
  embeddingModel?: string;
  embeddingBaseUrl?: string;
  embeddingApiKey?: string;
  /** Which settings the environment fixes (the UI shows them read-only). */
  fromEnvironment: {
    /** The base URL and key, which only ever change together. */
    connection: boolean;
    chatModel: boolean;
    embeddingModel: boolean;
  };
}
const SETTINGS_TTL_MS = 2_000;

const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
const DEFAULT_MODEL_IDLE_TIMEOUT_MS = 120_000;
const MODEL_LIST_TTL_MS = 60_000;

/**
 * Chat models by provider. One provider today, `openai`: OpenAI itself or any
 * OpenAI-compatible server at OPENAI_BASE_URL, always through the Chat Completions API.
 */
export class ModelRegistry {
  private listed: { at: number; key: string; models: string[] } | null = null;
  private loaded: { at: number; settings: ModelSettings } | null = null;
  private embedderCache: { key: string; embedder: Embedder } | null = null;
  /** Every model call goes through this: a provider that falls silent is cut off. */
  private readonly modelFetch: ModelFetch;

  constructor(
    private readonly config: ModelConfig,
    private readonly loadSettings: () => Promise<ModelSettings> = async () => ({}),
  ) {
    this.modelFetch = createIdleTimeoutFetch({
      idleMs: config.MODEL_IDLE_TIMEOUT_MS ?? DEFAULT_MODEL_IDLE_TIMEOUT_MS,
    });
  }

  /** Forget cached settings after the UI saved new ones. */
  settingsChanged(): void {
    this.loaded = null;
  }

  async effective(): Promise<EffectiveModelConfig> {
    if (!this.loaded || Date.now() - this.loaded.at > SETTINGS_TTL_MS) {
      this.loaded = { at: Date.now(), settings: await this.loadSettings() };
    }
    const saved = this.loaded.settings;
    const env = this.config;
    const { chat, embedding, chatFromEnvironment } = resolveModelConnections(env, saved);
    return {
      baseUrl: chat.baseUrl,
      apiKey: chat.apiKey,
      chatModel: env.CHAT_MODEL ?? saved.chatModel,
      embeddingModel: env.EMBEDDING_MODEL ?? saved.embeddingModel,
      embeddingBaseUrl: embedding.baseUrl,
      embeddingApiKey: embedding.apiKey,
      fromEnvironment: {
        connection: chatFromEnvironment,
        chatModel: Boolean(env.CHAT_MODEL),
        embeddingModel: Boolean(env.EMBEDDING_MODEL),
      },
    };
  }

  /** Neither a base URL nor a key: Ask answers with passages only. */
  async configured(): Promise<boolean> {
    const effective = await this.effective();
    return Boolean(effective.baseUrl || effective.apiKey);
  }

  async resolveChat(request: {
    provider?: string;
    model?: string;
  }): Promise<ResolvedChatModel | null> {
    const effective = await this.effective();
    if (!effective.baseUrl && !effective.apiKey) return null;
    if (request.provider && request.provider !== "openai") {
      throw new AppError(
        "bad_request:model",
        `Unknown provider ${request.provider}; this server offers openai`,
      );
    }
    const modelId = request.model ?? effective.chatModel ?? DEFAULT_OPENAI_MODEL;
    const provider = createOpenAI({
      baseURL: effective.baseUrl,
      apiKey: effective.apiKey ?? "not-needed",
      fetch: this.modelFetch,
    });
    const contextTokens =
      this.providerContextTokens("openai") ??
      this.config.CHAT_CONTEXT_TOKENS ??
      contextWindowOf(modelId);
    return { model: provider.chat(modelId), provider: "openai", modelId, contextTokens };
  }

  /** A provider's own context window setting, ahead of CHAT_CONTEXT_TOKENS; none has one yet. */
  private providerContextTokens(_provider: string): number | undefined {
    return undefined;
  }

  /** The embedder in force, or null when no embedding model is configured. */
  async embedder(): Promise<Embedder | null> {
    const effective = await this.effective();
    const baseURL = effective.embeddingBaseUrl;
    const apiKey = effective.embeddingApiKey;
    if (!effective.embeddingModel || (!baseURL && !apiKey)) return null;
    // A replaced or cleared key must not live on in a cached client.
    const key = `${baseURL}|${effective.embeddingModel}|${fingerprint(apiKey)}`;
    if (this.embedderCache?.key !== key) {
      const provider = createOpenAI({
        baseURL,
        apiKey: apiKey ?? "not-needed",
        name: "embeddings",
        fetch: this.modelFetch,
      });
      this.embedderCache = {
        key,
        embedder: createEmbedder(provider.embedding(effective.embeddingModel)),
      };
    }
    return this.embedderCache.embedder;
  }

  /** The provider's own model list where it has one; the configured model otherwise. */
  async describeProviders(): Promise<ProviderDescription[]> {
    const effective = await this.effective();
    if (!effective.baseUrl && !effective.apiKey) return [];
    const defaultModel = effective.chatModel ?? DEFAULT_OPENAI_MODEL;
    const models = new Set([defaultModel, ...(await this.listProviderModels(effective))]);
    return [
      {
        id: "openai",
        name: effective.baseUrl ? "OpenAI-compatible" : "OpenAI",
        models: [...models].map((id) => ({ id, name: id })),
        supportsCustomModel: true,
      },
    ];
  }

  private async listProviderModels(effective: EffectiveModelConfig): Promise<string[]> {
    const base = (effective.baseUrl ?? "https://api.openai.com/v1").replace(/\/$/, "");
    const cacheKey = `${base}|${fingerprint(effective.apiKey)}`;
    if (
      this.listed &&
      this.listed.key === cacheKey &&
      Date.now() - this.listed.at < MODEL_LIST_TTL_MS
    ) {
      return this.listed.models;
    }
    try {
      const response = await this.modelFetch(`${base}/models`, {
        headers: effective.apiKey ? { authorization: `Bearer ${effective.apiKey}` } : {},
        signal: AbortSignal.timeout(3_000),
      });
      const body = (await response.json()) as { data?: { id?: unknown }[] };
      const models = (body.data ?? [])
        .map((entry) => entry.id)
        .filter((id): id is string => typeof id === "string");
      this.listed = { at: Date.now(), key: cacheKey, models };
      return models;
    } catch {
      this.listed = { at: Date.now(), key: cacheKey, models: [] };
      return [];
    }
  }
}

function fingerprint(secret: string | undefined): string {
  return secret ? createHash("sha256").update(secret).digest("hex").slice(0, 16) : "";
}
