import { createHash } from "node:crypto";
import { AppError, isAppError } from "../errors";
import type { ProviderTestResult } from "../protocol/settings";
import type { ModelFetch } from "./idle-timeout-fetch";
import { createProviderFetch, type ProviderTarget } from "./provider-fetch";
import type { Provider } from "./providers";

const LIST_TTL_MS = 60_000;
/** `/models/config` answers even when a provider is down. */
const LIST_TIMEOUT_MS = 3_000;
/** Test connection waits a little longer for a slow provider. */
const TEST_TIMEOUT_MS = 10_000;

/**
 * Models that embed, rerank, transcribe, speak, draw or moderate: listings mix them with
 * chat models, and none of them can answer a chat.
 */
const NOT_CHAT_MODELS = [
  /embed/i,
  /(^|[/:])(bge|e5|gte)-/i,
  /all-minilm|paraphrase-|sentence-transformers/i,
  /rerank/i,
  /text-(similarity|search)/i,
  /whisper|(^|\/)tts-|dall-e|moderation/i,
];

export function isChatModel(id: string): boolean {
  return !NOT_CHAT_MODELS.some((pattern) => pattern.test(id));
}

/** The chat models of each provider: its configured list, else its own listing. */
export class ProviderModels {
  private readonly cache = new Map<string, { at: number; models: string[] }>();

  constructor(private readonly fetch: ModelFetch) {}

  /** For `/models/config`: cached briefly, and empty when the provider cannot be asked. */
  async chatModels(provider: Provider): Promise<string[]> {
    if (provider.models.length > 0) return provider.models.filter(isChatModel);
    const key = `${provider.id}|${provider.baseUrl}|${keyFingerprint(provider.apiKey)}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < LIST_TTL_MS) return cached.models;
    let models: string[] = [];
    try {
      models = (await this.list(provider, LIST_TIMEOUT_MS)).filter(isChatModel);
    } catch {
      // a provider that is down lists nothing; its configured default model still shows
    }
    this.cache.set(key, { at: Date.now(), models });
    return models;
  }

  /** Test connection: the provider's listing now, or why it could not be had. */
  async test(provider: Provider): Promise<ProviderTestResult> {
    try {
      return { ok: true, models: (await this.list(provider, TEST_TIMEOUT_MS)).filter(isChatModel) };
    } catch (error) {
      return { ok: false, error: isAppError(error) ? error.message : "The provider failed" };
    }
  }

  private async list(provider: Provider, timeoutMs: number): Promise<string[]> {
    // Azure lists the deployments a chat can address (older API versions only).
    const path = provider.kind === "azure" ? "/deployments" : "/models";
    try {
      return await fetchModelList(provider, path, timeoutMs, this.fetch);
    } catch (error) {
      if (provider.id !== "ollama" || !provider.baseUrl.endsWith("/v1")) throw error;
      // Older Ollama servers have no `/v1/models`, only their own `/api/tags`.
      const host = { ...provider, baseUrl: provider.baseUrl.slice(0, -3), apiKey: undefined };
      return fetchModelList(host, "/api/tags", timeoutMs, this.fetch).catch(() => {
        throw error;
      });
    }
  }
}

async function fetchModelList(
  target: ProviderTarget,
  path: string,
  timeoutMs: number,
  baseFetch: ModelFetch,
): Promise<string[]> {
  const fetch = createProviderFetch(target, baseFetch);
  const where = `The provider ${target.id} (${target.baseUrl})`;
  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (isAppError(error)) throw error;
    if (error instanceof Error && error.name === "TimeoutError") {
      throw new AppError(
        "unavailable:model",
        `${where} did not answer within ${timeoutMs / 1000} s`,
      );
    }
    throw new AppError("unavailable:model", `${where} cannot be reached: ${reasonOf(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    // The body is not shown: providers quote the key they refused back in it.
    const hint = response.status === 401 || response.status === 403 ? " (check the key)" : "";
    throw new AppError("unavailable:model", `${where} answered HTTP ${response.status}${hint}`);
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: { id?: unknown }[];
    models?: { name?: unknown }[];
  };
  const ids = [
    ...(body.data ?? []).map((entry) => entry?.id),
    ...(body.models ?? []).map((entry) => entry?.name),
  ].filter((id): id is string => typeof id === "string" && id.length > 0);
  if (!Array.isArray(body.data) && !Array.isArray(body.models)) {
    throw new AppError("unavailable:model", `${where} did not answer with a model list`);
  }
  return [...new Set(ids)];
}

/** A network failure's code (ECONNREFUSED, ENOTFOUND): short and safe to show. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof cause?.code === "string") return cause.code;
  return "network error";
}

/** Tells keys apart in cache keys without keeping them there. */
export function keyFingerprint(secret: string | undefined): string {
  return secret ? createHash("sha256").update(secret).digest("hex").slice(0, 16) : "";
}
