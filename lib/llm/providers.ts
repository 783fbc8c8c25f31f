import type { AppConfig } from "../config/env";
import type { ModelSettings, SavedProvider } from "./model-settings";

/**
 * One model provider: an OpenAI-compatible endpoint with its own base URL, key and
 * models. Its key is only ever sent to its own base URL (see provider-fetch.ts).
 */
export interface Provider {
  id: string;
  name: string;
  /** Azure addresses deployments and authenticates with an `api-key` header. */
  kind: "openai-compatible" | "azure";
  /** Where every request of this provider goes, without a trailing slash. */
  baseUrl: string;
  apiKey?: string;
  /** Azure's `api-version`. */
  apiVersion?: string;
  /** Chat models named by configuration; empty = the provider's own listing. */
  models: string[];
  contextTokens?: number;
  /** What the environment fixes; Settings may change only the rest. */
  fromEnvironment: { connection: boolean; models: boolean; contextTokens: boolean };
  /** The variables that configure it, for messages and the Settings page. */
  variables?: string;
}

interface BuiltIn {
  name: string;
  /** The base URL when none is given; none for Azure, whose endpoint is per resource. */
  defaultBaseUrl?: string;
}

export const BUILT_IN_PROVIDERS: Record<string, BuiltIn> = {
  openai: { name: "OpenAI", defaultBaseUrl: "https://api.openai.com/v1" },
  openrouter: { name: "OpenRouter", defaultBaseUrl: "https://openrouter.ai/api/v1" },
  ollama: { name: "Ollama", defaultBaseUrl: "http://localhost:11434/v1" },
  google: {
    name: "Google Gemini",
    defaultBaseUrl: "https://generativelanguage.googleapis.com/v1beta/openai",
  },
  azure: { name: "Azure OpenAI" },
};

export type ProviderEnvironment = Pick<
  AppConfig,
  | "OPENAI_BASE_URL"
  | "OPENAI_API_KEY"
  | "OPENAI_MODELS"
  | "OPENAI_CONTEXT_TOKENS"
  | "OPENROUTER_API_KEY"
  | "OPENROUTER_BASE_URL"
  | "OPENROUTER_MODELS"
  | "OPENROUTER_CONTEXT_TOKENS"
  | "OLLAMA_HOST"
  | "OLLAMA_MODELS"
  | "OLLAMA_CONTEXT_TOKENS"
  | "GOOGLE_API_KEY"
  | "GOOGLE_BASE_URL"
  | "GOOGLE_MODELS"
  | "GOOGLE_CONTEXT_TOKENS"
  | "AZURE_OPENAI_API_KEY"
  | "AZURE_OPENAI_ENDPOINT"
  | "AZURE_OPENAI_VERSION"
  | "AZURE_MODELS"
  | "AZURE_CONTEXT_TOKENS"
  | "CUSTOM_PROVIDERS"
>;

/** Reads a variable by name: the key of a custom provider lives in the one it names. */
export type ReadVariable = (name: string) => string | undefined;

interface EnvironmentEntry {
  id: string;
  name?: string;
  kind?: Provider["kind"];
  baseUrl?: string;
  apiKey?: string;
  apiVersion?: string;
  models?: string[];
  contextTokens?: number;
  variables: string;
}

/** The providers the environment configures, in DeepWiki's order, then the custom ones. */
export function environmentProviders(env: ProviderEnvironment, read: ReadVariable): Provider[] {
  const entries: (EnvironmentEntry | false)[] = [
    Boolean(env.OPENAI_BASE_URL || env.OPENAI_API_KEY) && {
      id: "openai",
      // A base URL of its own is some other server speaking OpenAI's API.
      name: env.OPENAI_BASE_URL ? "OpenAI-compatible" : undefined,
      baseUrl: env.OPENAI_BASE_URL,
      apiKey: env.OPENAI_API_KEY,
      models: env.OPENAI_MODELS,
      contextTokens: env.OPENAI_CONTEXT_TOKENS,
      variables: "OPENAI_BASE_URL / OPENAI_API_KEY",
    },
    Boolean(env.OPENROUTER_API_KEY || env.OPENROUTER_BASE_URL) && {
      id: "openrouter",
      baseUrl: env.OPENROUTER_BASE_URL,
      apiKey: env.OPENROUTER_API_KEY,
      models: env.OPENROUTER_MODELS,
      contextTokens: env.OPENROUTER_CONTEXT_TOKENS,
      variables: "OPENROUTER_API_KEY / OPENROUTER_BASE_URL",
    },
    Boolean(env.OLLAMA_HOST) && {
      id: "ollama",
      baseUrl: env.OLLAMA_HOST && ollamaOpenAiUrl(env.OLLAMA_HOST),
      models: env.OLLAMA_MODELS,
      contextTokens: env.OLLAMA_CONTEXT_TOKENS,
      variables: "OLLAMA_HOST",
    },
    Boolean(env.GOOGLE_API_KEY || env.GOOGLE_BASE_URL) && {
      id: "google",
      baseUrl: env.GOOGLE_BASE_URL,
      apiKey: env.GOOGLE_API_KEY,
      models: env.GOOGLE_MODELS,
      contextTokens: env.GOOGLE_CONTEXT_TOKENS,
      variables: "GOOGLE_API_KEY / GOOGLE_BASE_URL",
    },
    Boolean(env.AZURE_OPENAI_ENDPOINT && env.AZURE_OPENAI_API_KEY) && {
      id: "azure",
      kind: "azure",
      baseUrl:
        env.AZURE_OPENAI_ENDPOINT && `${withoutTrailingSlash(env.AZURE_OPENAI_ENDPOINT)}/openai`,
      apiKey: env.AZURE_OPENAI_API_KEY,
      apiVersion: env.AZURE_OPENAI_VERSION,
      models: env.AZURE_MODELS,
      contextTokens: env.AZURE_CONTEXT_TOKENS,
      variables: "AZURE_OPENAI_API_KEY / AZURE_OPENAI_ENDPOINT / AZURE_OPENAI_VERSION",
    },
    ...env.CUSTOM_PROVIDERS.map((custom) => ({
      id: custom.id,
      name: custom.name,
      baseUrl: custom.base_url,
      apiKey: custom.api_key_env ? read(custom.api_key_env)?.trim() || undefined : undefined,
      models: custom.models,
      contextTokens: custom.context_tokens,
      variables: `CUSTOM_PROVIDERS${custom.api_key_env ? ` / ${custom.api_key_env}` : ""}`,
    })),
  ];
  return entries.filter((entry) => entry !== false).map(providerFromEnvironment);
}

function providerFromEnvironment(entry: EnvironmentEntry): Provider {
  const models = entry.models ?? [];
  return {
    id: entry.id,
    name: entry.name ?? BUILT_IN_PROVIDERS[entry.id]?.name ?? entry.id,
    kind: entry.kind ?? "openai-compatible",
    baseUrl: withoutTrailingSlash(entry.baseUrl ?? defaultBaseUrlOf(entry.id) ?? ""),
    apiKey: entry.apiKey,
    apiVersion: entry.apiVersion,
    models,
    contextTokens: entry.contextTokens,
    fromEnvironment: {
      connection: true,
      models: models.length > 0,
      contextTokens: entry.contextTokens !== undefined,
    },
    variables: entry.variables,
  };
}

/**
 * Every provider in force: the environment's first (Settings may add their models and
 * context window where the environment names none, never change their URL or key), then
 * those added in Settings. A saved provider the environment also configures is shadowed.
 */
export function providerCatalogue(fromEnvironment: Provider[], saved: ModelSettings): Provider[] {
  const savedById = new Map(saved.providers.map((entry) => [entry.id, entry]));
  const environment = fromEnvironment.map((provider) => {
    const entry = savedById.get(provider.id);
    if (!entry) return provider;
    return {
      ...provider,
      models: provider.fromEnvironment.models ? provider.models : entry.models,
      contextTokens: provider.fromEnvironment.contextTokens
        ? provider.contextTokens
        : entry.contextTokens,
    };
  });
  const taken = new Set(fromEnvironment.map((provider) => provider.id));
  const added = saved.providers
    .filter((entry) => !taken.has(entry.id))
    .map(providerFromSettings)
    .filter((provider): provider is Provider => provider !== null);
  return [...environment, ...added];
}

export function providerFromSettings(entry: SavedProvider): Provider | null {
  const baseUrl = entry.baseUrl || defaultBaseUrlOf(entry.id);
  if (!baseUrl) return null;
  return {
    id: entry.id,
    name: entry.name || nameOfSaved(entry),
    kind: "openai-compatible",
    baseUrl: withoutTrailingSlash(baseUrl),
    apiKey: entry.apiKey,
    models: entry.models,
    contextTokens: entry.contextTokens,
    fromEnvironment: { connection: false, models: false, contextTokens: false },
  };
}

function nameOfSaved(entry: SavedProvider): string {
  if (entry.id === "openai" && entry.baseUrl) return "OpenAI-compatible";
  return BUILT_IN_PROVIDERS[entry.id]?.name ?? entry.id;
}

/** The provider used when a request names none: Settings' choice, else `openai`, else the first. */
export function defaultProviderOf(providers: Provider[], chosen?: string): Provider | undefined {
  return (
    providers.find((provider) => provider.id === chosen) ??
    providers.find((provider) => provider.id === "openai") ??
    providers[0]
  );
}

export function defaultBaseUrlOf(id: string): string | undefined {
  return BUILT_IN_PROVIDERS[id]?.defaultBaseUrl;
}

/** Ollama serves its OpenAI-compatible API under `/v1` of its host. */
function ollamaOpenAiUrl(host: string): string {
  const base = withoutTrailingSlash(host);
  return base.endsWith("/v1") ? base : `${base}/v1`;
}

export function withoutTrailingSlash(url: string): string {
  return url.trim().replace(/\/+$/, "");
}
