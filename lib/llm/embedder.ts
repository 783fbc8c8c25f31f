import { type EmbeddingModel, embed, embedMany } from "ai";
import { logger } from "../log";
import { estimateTokens } from "./token-budget";
import type { UsageRecorder } from "./usage-middleware";
import { currentUsageScope } from "./usage-scope";

const log = logger("embedder");

/** Turns chunk texts and queries into vectors, in batches, with cancellation. */
export interface Embedder {
  readonly modelId: string;
  embedDocuments(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  embedQuery(text: string, signal?: AbortSignal): Promise<number[]>;
}

const MAX_INPUT_CHARS = 8_000;

export function createEmbedder(
  model: EmbeddingModel,
  options: {
    batchSize?: number;
    /** Records each call's tokens like every chat model call (lib/usage); none in some tests. */
    metering?: { provider: string; recorder: UsageRecorder };
  } = {},
): Embedder {
  const batchSize = options.batchSize ?? 64;
  const modelId = typeof model === "string" ? model : model.modelId;
  const meter = (values: string[], tokens: number | undefined) => {
    if (!options.metering) return;
    const { provider, recorder } = options.metering;
    // Read where the call was made: an index run's, a chat answer's, a research run's.
    const { meter, target } = currentUsageScope();
    const recording = recorder
      .record({
        provider,
        model: modelId,
        inputTokens: tokens ?? estimateTokens(values.join("\n")),
        outputTokens: 0,
        estimated: tokens === undefined,
        target,
      })
      .then((call) => meter?.add(call))
      .catch((error: unknown) => log.error("recording an embedding call failed", { error }));
    meter?.track(recording);
  };
  return {
    modelId,
    async embedDocuments(texts, signal) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const values = texts
          .slice(start, start + batchSize)
          .map((text) => text.slice(0, MAX_INPUT_CHARS));
        const { embeddings, usage } = await embedMany({
          model,
          values,
          abortSignal: signal,
          maxRetries: 2,
        });
        meter(values, usage?.tokens);
        vectors.push(...embeddings);
      }
      return vectors;
    },
    async embedQuery(text, signal) {
      const value = text.slice(0, MAX_INPUT_CHARS);
      const { embedding, usage } = await embed({
        model,
        value,
        abortSignal: signal,
        maxRetries: 1,
      });
      meter([value], usage?.tokens);
      return embedding;
    },
  };
}
