// A Chat Completions stream as the AI SDK reads it: server-sent events, each chunk's stream
// parts, and the SDK's reading of a failed call (chat-completions-stream.ts sends the
// request and feeds these).
import {
  APICallError,
  JSONParseError,
  type LanguageModelV3StreamPart,
  type LanguageModelV3Usage,
  type SharedV3Warning,
} from "@ai-sdk/provider";

/**
 * Server-sent events: `data:` lines gathered until a blank line; comments, other fields and
 * `[DONE]` are dropped, as is an event the stream ends in the middle of.
 */
export class EventStream {
  private rest = "";
  private data: string[] = [];

  constructor(private readonly onData: (data: string) => void) {}

  push(text: string): void {
    const lines = (this.rest + text).split(/\r\n|\r|\n/);
    // The last piece is a line not yet ended (an empty string when the text ended one).
    this.rest = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "") {
        if (this.data.length > 0) {
          const data = this.data.join("\n");
          this.data = [];
          if (data !== "[DONE]") this.onData(data);
        }
      } else if (line.startsWith("data:")) {
        this.data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
      }
    }
  }
}

interface ChunkUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null };
  completion_tokens_details?: { reasoning_tokens?: number | null };
}

interface Chunk {
  id?: string | null;
  created?: number | null;
  model?: string | null;
  usage?: ChunkUsage | null;
  error?: unknown;
  choices?: {
    delta?: { content?: string | null; refusal?: string | null } | null;
    finish_reason?: string | null;
  }[];
}

/** The SDK's stream parts for a Chat Completions stream's chunks, in its words. */
export class ChunkParts {
  private queue: LanguageModelV3StreamPart[];
  private metadataSent = false;
  private textOpen = false;
  private refused = false;
  private failed = false;
  private rawFinish: string | undefined;
  private usage: ChunkUsage | undefined;

  constructor(warnings: SharedV3Warning[]) {
    this.queue = [{ type: "stream-start", warnings }];
  }

  /** Adds one event's data; says whether it was output, or the error it reported. */
  add(data: string): { output: boolean; error?: unknown } {
    let chunk: Chunk;
    try {
      const value: unknown = JSON.parse(data);
      if (typeof value !== "object" || value === null) throw new Error("not an object");
      chunk = value as Chunk;
    } catch (cause) {
      this.failed = true;
      this.queue.push({ type: "error", error: new JSONParseError({ text: data, cause }) });
      return { output: true };
    }
    if ("error" in chunk && chunk.error !== undefined) {
      this.failed = true;
      this.queue.push({ type: "error", error: chunk.error });
      return { output: false, error: chunk.error };
    }
    if (!this.metadataSent && (chunk.id || chunk.model || chunk.created)) {
      this.metadataSent = true;
      this.queue.push({
        type: "response-metadata",
        id: chunk.id ?? undefined,
        modelId: chunk.model ?? undefined,
        timestamp: chunk.created ? new Date(chunk.created * 1000) : undefined,
      });
    }
    if (chunk.usage) this.usage = chunk.usage;
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (choice?.finish_reason) this.rawFinish = choice.finish_reason;
    const delta = choice?.delta;
    if (!delta) return { output: false };
    let output = false;
    if (delta.content) {
      this.text(delta.content);
      output = true;
    }
    if (delta.refusal) {
      this.refused = true;
      this.text(delta.refusal);
      output = true;
    }
    if (!output && delta.content === "") this.text("");
    return { output };
  }

  take(): LanguageModelV3StreamPart[] {
    const parts = this.queue;
    this.queue = [];
    return parts;
  }

  end(): LanguageModelV3StreamPart[] {
    if (this.textOpen) this.queue.push({ type: "text-end", id: "0" });
    const raw = this.failed ? undefined : this.rawFinish;
    this.queue.push({
      type: "finish",
      finishReason: {
        unified: this.failed ? "error" : finishOf(raw, this.refused),
        raw,
      },
      usage: usageOf(this.usage),
      providerMetadata: { openai: {} },
    });
    return this.take();
  }

  private text(delta: string): void {
    if (!this.textOpen) {
      this.textOpen = true;
      this.queue.push({ type: "text-start", id: "0" });
    }
    const last = this.queue.at(-1);
    if (last?.type === "text-delta") last.delta += delta;
    else this.queue.push({ type: "text-delta", id: "0", delta });
  }
}

function finishOf(
  raw: string | undefined,
  refused: boolean,
): "stop" | "length" | "content-filter" | "tool-calls" | "other" {
  switch (raw) {
    case "stop":
      return refused ? "content-filter" : "stop";
    case "length":
      return "length";
    case "content_filter":
      return "content-filter";
    case "function_call":
    case "tool_calls":
      return "tool-calls";
    default:
      return "other";
  }
}

function usageOf(usage: ChunkUsage | undefined): LanguageModelV3Usage {
  if (!usage) {
    return {
      inputTokens: {
        total: undefined,
        noCache: undefined,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
      raw: undefined,
    };
  }
  const input = usage.prompt_tokens ?? 0;
  const output = usage.completion_tokens ?? 0;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const written = usage.prompt_tokens_details?.cache_write_tokens ?? undefined;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: {
      total: input,
      noCache: input - cached - (written ?? 0),
      cacheRead: cached,
      cacheWrite: written,
    },
    outputTokens: { total: output, text: output - reasoning, reasoning },
    raw: usage as LanguageModelV3Usage["raw"],
  };
}

/** As the SDK reports a failed status: the provider's `error.message`, else the status text. */
export function httpError(input: {
  url: string;
  body: Record<string, unknown>;
  status: number;
  statusText: string;
  responseHeaders: Record<string, string>;
  text: string;
}): APICallError {
  let message = input.statusText;
  let data: unknown;
  try {
    const parsed = JSON.parse(input.text) as { error?: { message?: unknown } };
    if (typeof parsed?.error?.message === "string") {
      message = parsed.error.message;
      data = parsed;
    }
  } catch {
    // Not JSON: the status text stands.
  }
  return new APICallError({
    message,
    url: input.url,
    requestBodyValues: input.body,
    statusCode: input.status,
    responseHeaders: input.responseHeaders,
    responseBody: input.text,
    data,
  });
}

/** An error event before any output: retryable as its status says (the SDK's reading). */
export function streamError(input: {
  url: string;
  body: Record<string, unknown>;
  responseHeaders: Record<string, string>;
  frame: unknown;
}): APICallError {
  const error = (typeof input.frame === "object" && input.frame !== null ? input.frame : {}) as {
    message?: unknown;
    code?: unknown;
    type?: unknown;
  };
  const status = statusOfStreamError(error);
  const quota = error.code === "insufficient_quota" || error.type === "insufficient_quota";
  return new APICallError({
    message:
      typeof error.message === "string"
        ? error.message
        : "The provider's stream failed before any output was generated",
    url: input.url,
    requestBodyValues: input.body,
    statusCode: status,
    responseHeaders: input.responseHeaders,
    responseBody: JSON.stringify({ error: input.frame }),
    data: { error: input.frame },
    isRetryable: !quota && (status === 408 || status === 409 || status === 429 || status >= 500),
  });
}

function statusOfStreamError(error: { code?: unknown; type?: unknown }): number {
  const code = Number(error.code);
  if (Number.isInteger(code) && code >= 400 && code <= 599) return code;
  const words = [error.code, error.type]
    .filter((value) => typeof value === "string")
    .join(" ")
    .toLowerCase();
  if (words.includes("insufficient_quota") || words.includes("rate_limit")) return 429;
  if (words.includes("authentication")) return 401;
  if (words.includes("permission")) return 403;
  if (words.includes("not_found")) return 404;
  if (["invalid", "bad_request", "context_length"].some((word) => words.includes(word))) return 400;
  if (words.includes("overload")) return 503;
  if (words.includes("timeout")) return 504;
  return 500;
}
