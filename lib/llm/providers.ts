import { createOpenAI } from "@ai-sdk/openai";
import type { EmbeddingModel } from "ai";
import type { AppConfig } from "../config/env";

type ProviderConfig = Pick<
  AppConfig,
  | "OPENAI_BASE_URL"
  | "OPENAI_API_KEY"
  | "EMBEDDING_MODEL"
  | "EMBEDDING_BASE_URL"
  | "EMBEDDING_API_KEY"
>;

/**
 * The one place models are chosen. OpenAI and any OpenAI-compatible server go through
 * `@ai-sdk/openai` with a base URL; compatible servers often need no key, so a
 * placeholder is sent rather than failing.
 */
export function embeddingModelFromConfig(config: ProviderConfig): EmbeddingModel | null {
  if (!config.EMBEDDING_MODEL) return null;
  const baseURL = config.EMBEDDING_BASE_URL ?? config.OPENAI_BASE_URL;
  const apiKey = config.EMBEDDING_API_KEY ?? config.OPENAI_API_KEY;
  if (!baseURL && !apiKey) return null;
  const provider = createOpenAI({ baseURL, apiKey: apiKey ?? "not-needed", name: "embeddings" });
  return provider.embedding(config.EMBEDDING_MODEL);
}
