import { type EmbeddingModel, embed, embedMany } from "ai";

/** Turns chunk texts and queries into vectors, in batches, with cancellation. */
export interface Embedder {
  readonly modelId: string;
  embedDocuments(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  embedQuery(text: string, signal?: AbortSignal): Promise<number[]>;
}

const MAX_INPUT_CHARS = 8_000;

export function createEmbedder(
  model: EmbeddingModel,
  options: { batchSize?: number } = {},
): Embedder {
  const batchSize = options.batchSize ?? 64;
  const modelId = typeof model === "string" ? model : model.modelId;
  return {
    modelId,
    async embedDocuments(texts, signal) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const { embeddings } = await embedMany({
          model,
          values: texts
            .slice(start, start + batchSize)
            .map((text) => text.slice(0, MAX_INPUT_CHARS)),
          abortSignal: signal,
          maxRetries: 2,
        });
        vectors.push(...embeddings);
      }
      return vectors;
    },
    async embedQuery(text, signal) {
      const { embedding } = await embed({
        model,
        value: text.slice(0, MAX_INPUT_CHARS),
        abortSignal: signal,
        maxRetries: 1,
      });
      return embedding;
    },
  };
}
