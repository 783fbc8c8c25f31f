import { createThinkFilter } from "../chat/think-filter";
import { modelFailure } from "../llm/model-failure";
import { readModelText, startModelTextStream } from "../llm/model-text-stream";
import type { ResolvedChatModel } from "../llm/models";
import { logger } from "../log";

const log = logger("research");

/**
 * Streams a model's prose to `onText` without its hidden thinking and returns the whole
 * text; a provider failure becomes a short `unavailable:model` error, an abort stays an abort.
 */
export async function streamProse(input: {
  model: ResolvedChatModel;
  system: string;
  prompt: string;
  signal: AbortSignal;
  onText: (text: string) => void;
}): Promise<string> {
  const stream = startModelTextStream(input.model.model, {
    system: input.system,
    messages: [{ role: "user", content: input.prompt }],
    signal: input.signal,
  });
  const filter = createThinkFilter();
  let text = "";
  const emit = (piece: string) => {
    if (!piece) return;
    text += piece;
    input.onText(piece);
  };
  try {
    for await (const part of readModelText(await stream)) {
      if (part.type === "text") emit(filter.push(part.text));
    }
  } catch (error) {
    if (input.signal.aborted) throw error;
    const failure = modelFailure(error, "The model provider failed while writing the report");
    log.error("model stream failed", { reason: failure.message, error });
    throw failure;
  }
  emit(filter.flush());
  return text;
}
