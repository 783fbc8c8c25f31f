import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3StreamPart,
} from "@ai-sdk/provider";

/** What an answer's stream gives its reader: text as it comes, then why it ended. */
export type ModelTextPart =
  | { type: "text"; text: string }
  | { type: "finish"; finishReason: string };

/** As `streamText` waits before its retry of a failed start (the AI SDK's first backoff). */
const RETRY_DELAY_MS = 2_000;
/** A provider's `retry-after` is honoured up to this long; beyond it the first delay stands. */
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * Starts a plain text answer through the model's own `doStream` (the AI SDK's provider and
 * middleware: the provider's request and SSE parsing, usage metering), without the
 * machinery of `streamText` (steps, tools, output transforms, a tee per consumer), which
 * costs about three times the provider's own parsing per streamed word. Retries the start
 * once, as `streamText` with `maxRetries: 1` does, when the provider says it may
 * (unless `retry: false`).
 *
 * Call it where the work's usage scope is current: the model's middleware reads the scope
 * when the call starts.
 */
export async function startModelTextStream(
  model: LanguageModelV3,
  request: {
    system: string;
    messages: { role: "user" | "assistant"; content: string }[];
    signal: AbortSignal;
    /** Whether a failed start is retried once (default) or reported at once. */
    retry?: boolean;
  },
): Promise<ReadableStream<LanguageModelV3StreamPart>> {
  const options: LanguageModelV3CallOptions = {
    prompt: [
      { role: "system", content: request.system },
      ...request.messages.map((message) => ({
        role: message.role,
        content: [{ type: "text" as const, text: message.content }],
      })),
    ],
    abortSignal: request.signal,
  };
  try {
    return (await model.doStream(options)).stream;
  } catch (error) {
    const retryable = APICallError.isInstance(error) && error.isRetryable;
    if (request.retry === false || request.signal.aborted || !retryable) throw error;
    await delay(retryDelayOf(error), request.signal);
    return (await model.doStream(options)).stream;
  }
}

/** The stream's text and finish, read part by part; a part that reports an error throws it. */
export async function* readModelText(
  stream: ReadableStream<LanguageModelV3StreamPart>,
): AsyncGenerator<ModelTextPart> {
  const reader = stream.getReader();
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        return;
      }
      if (value.type === "text-delta") {
        if (value.delta) yield { type: "text", text: value.delta };
      } else if (value.type === "finish") {
        yield { type: "finish", finishReason: value.finishReason.unified };
      } else if (value.type === "error") {
        throw value.error;
      }
    }
  } finally {
    // A reader that stops early (a client gone, an error) cancels the provider's request.
    if (!ended) await reader.cancel().catch(() => {});
  }
}

function retryDelayOf(error: APICallError): number {
  const header =
    error.responseHeaders?.["retry-after-ms"] ?? error.responseHeaders?.["retry-after"];
  if (!header) return RETRY_DELAY_MS;
  const ms = error.responseHeaders?.["retry-after-ms"] ? Number(header) : Number(header) * 1000;
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_RETRY_AFTER_MS ? ms : RETRY_DELAY_MS;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
