import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import type { AppConfig } from "../config/env";
import { AppError } from "../errors";

export interface ResolvedChatModel {
  model: LanguageModel;
  provider: string;
  modelId: string;
}

export interface ProviderDescription {
  id: string;
  name: string;
  models: { id: string; name: string }[];
  supportsCustomModel: boolean;
}

type ModelConfig = Pick<AppConfig, "OPENAI_BASE_URL" | "OPENAI_API_KEY" | "CHAT_MODEL">;

const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
const MODEL_LIST_TTL_MS = 60_000;

/**
 * Chat models by provider. One provider today, `openai`: OpenAI itself or any
 * OpenAI-compatible server at OPENAI_BASE_URL, always through the Chat Completions API.
 */
export class ModelRegistry {
  private listed: { at: number; models: string[] } | null = null;

  constructor(private readonly config: ModelConfig) {}

  /** Neither a base URL nor a key: Ask answers with passages only. */
  get configured(): boolean {
    return Boolean(this.config.OPENAI_BASE_URL || this.config.OPENAI_API_KEY);
  }

  get defaultModelId(): string {
    return this.config.CHAT_MODEL ?? DEFAULT_OPENAI_MODEL;
  }

  resolveChat(request: { provider?: string; model?: string }): ResolvedChatModel | null {
    if (!this.configured) return null;
    if (request.provider && request.provider !== "openai") {
      throw new AppError(
        "bad_request:model",
        `Unknown provider ${request.provider}; this server offers openai`,
      );
    }
    const modelId = request.model ?? this.defaultModelId;
    const provider = createOpenAI({
      baseURL: this.config.OPENAI_BASE_URL,
      apiKey: this.config.OPENAI_API_KEY ?? "not-needed",
    });
    return { model: provider.chat(modelId), provider: "openai", modelId };
  }

  /** The provider's own model list where it has one; the configured model otherwise. */
  async describeProviders(): Promise<ProviderDescription[]> {
    if (!this.configured) return [];
    const models = new Set([this.defaultModelId, ...(await this.listProviderModels())]);
    return [
      {
        id: "openai",
        name: this.config.OPENAI_BASE_URL ? "OpenAI-compatible" : "OpenAI",
        models: [...models].map((id) => ({ id, name: id })),
        supportsCustomModel: true,
      },
    ];
  }

  private async listProviderModels(): Promise<string[]> {
    if (this.listed && Date.now() - this.listed.at < MODEL_LIST_TTL_MS) return this.listed.models;
    const base = (this.config.OPENAI_BASE_URL ?? "https://api.openai.com/v1").replace(/\/$/, "");
    try {
      const response = await fetch(`${base}/models`, {
        headers: this.config.OPENAI_API_KEY
          ? { authorization: `Bearer ${this.config.OPENAI_API_KEY}` }
          : {},
        signal: AbortSignal.timeout(3_000),
      });
      const body = (await response.json()) as { data?: { id?: unknown }[] };
      const models = (body.data ?? [])
        .map((entry) => entry.id)
        .filter((id): id is string => typeof id === "string");
      this.listed = { at: Date.now(), models };
      return models;
    } catch {
      this.listed = { at: Date.now(), models: [] };
      return [];
    }
  }
}
