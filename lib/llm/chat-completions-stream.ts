import http from "node:http";
import https from "node:https";
import {
  APICallError,
  JSONParseError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3StreamPart,
  type LanguageModelV3Usage,
  type SharedV3Warning,
} from "@ai-sdk/provider";
import { ModelIdleTimeoutError } from "./idle-timeout-fetch";
import { addressProvider, type ProviderTarget, redirectRefused } from "./provider-fetch";

// A plain text answer read straight off the provider's socket. The AI SDK's own stream of a
// Chat Completions call goes through `fetch` and about eight web streams (body, idle timer,
// text decoder, event-source parser, JSON validation, tee, chunk mapping), several promises
// per streamed word: at 50 concurrent chats that was a third of the main thread. Here one
// `data` handler decodes, splits the events and turns them into the SDK's stream parts.
// The request body is still the SDK's own (`getArgs`), so every model gets what it would.

type StreamResult = Awaited<ReturnType<LanguageModelV3["doStream"]>>;

/** What the direct path needs of the SDK's chat model (present in @ai-sdk/openai 3). */
interface SdkChatModel {
  getArgs(options: LanguageModelV3CallOptions): Promise<{
    args: Record<string, unknown>;
    warnings: SharedV3Warning[];
  }>;
  config: { url(options: { path: string; modelId: string }): string };
}

const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};

/**
 * The chat model with its plain text streams (no tools, no structured output, no raw
 * chunks) read directly; everything else, and any model not shaped like the SDK's Chat
 * Completions model, goes through the SDK as before.
 */
export function withDirectTextStreams(
  model: LanguageModelV3,
  connection: { target: ProviderTarget; idleMs: number },
): LanguageModelV3 {
  const sdk = model as unknown as Partial<SdkChatModel>;
  if (typeof sdk.getArgs !== "function" || typeof sdk.config?.url !== "function") return model;
  const chat = sdk as SdkChatModel;
  return {
    specificationVersion: "v3",
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    doGenerate: (options) => model.doGenerate(options),
    doStream: async (options) => {
      if (!isPlainText(options)) return model.doStream(options);
      const { args, warnings } = await chat.getArgs.call(model, options);
      const body = { ...args, stream: true, stream_options: { include_usage: true } };
      const address = chat.config.url.call(model, {
        path: "/chat/completions",
        modelId: model.modelId,
      });
      return streamChatCompletion({ ...connection, address, body, warnings, options });
    },
  };
}

function isPlainText(options: LanguageModelV3CallOptions): boolean {
  return (
    !options.tools?.length &&
    !options.toolChoice &&
    (!options.responseFormat || options.responseFormat.type === "text") &&
    !options.includeRawChunks &&
    !options.providerOptions
  );
}

/**
 * Posts the request and resolves once the answer has begun (its first output, or its end):
 * an error the provider reports before any output rejects, so the caller may retry it, as
 * the SDK does.
 */
function streamChatCompletion(call: {
  target: ProviderTarget;
  idleMs: number;
  address: string;
  body: Record<string, unknown>;
  warnings: SharedV3Warning[];
  options: LanguageModelV3CallOptions;
}): Promise<StreamResult> {
  const { target, idleMs, body, options } = call;
  const signal = options.abortSignal;
  const headers = new Headers();
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined) headers.set(name, value);
  }
  headers.set("content-type", "application/json");
  const { url } = addressProvider(target, call.address, headers);
  const payload = JSON.stringify(body);
  const address = url.toString();
  const headerRecord: Record<string, string> = {};
  headers.forEach((value, name) => {
    headerRecord[name] = value;
  });
  headerRecord["content-length"] = String(Buffer.byteLength(payload));

  return new Promise<StreamResult>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers: headerRecord,
      agent: agents[url.protocol as keyof typeof agents],
    });
    let controller!: ReadableStreamDefaultController<LanguageModelV3StreamPart>;
    let begun = false;
    let ended = false;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(own) {
        controller = own;
      },
      cancel() {
        // Its reader left: nothing more goes into it (a read already under way is dropped).
        ended = true;
        stop();
        request.destroy();
      },
    });
    const begin = (responseHeaders: Record<string, string>) => {
      if (begun) return;
      begun = true;
      resolve({ stream, request: { body }, response: { headers: responseHeaders } });
    };
    /** The call ended in error: before the answer began it rejects, after it the stream fails. */
    const fail = (error: unknown) => {
      if (ended) return;
      ended = true;
      stop();
      request.destroy();
      if (begun) controller.error(error);
      else reject(error);
    };
    const onAbort = () => fail(signal?.reason);
    const idle = setTimeout(() => fail(new ModelIdleTimeoutError(idleMs)), idleMs);
    const stop = () => {
      clearTimeout(idle);
      signal?.removeEventListener("abort", onAbort);
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    request.on("error", (error) => {
      fail(
        begun
          ? error
          : new APICallError({
              message: `Cannot connect to API: ${error.message}`,
              cause: error,
              url: address,
              requestBodyValues: body,
              isRetryable: true,
            }),
      );
    });
    request.on("response", (response) => {
      idle.refresh();
      const responseHeaders = headersOf(response);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        response.resume();
        fail(redirectRefused(target, status));
        return;
      }
      if (status < 200 || status >= 300) {
        readAll(response).then(
          (text) =>
            fail(httpError({ url: address, body, status, response, responseHeaders, text })),
          fail,
        );
        return;
      }
      const parts = new ChunkParts(call.warnings);
      let output = false;
      const events = new EventStream((data) => {
        if (ended) return;
        const outcome = parts.add(data);
        if (outcome.error && !output) {
          fail(streamError({ url: address, body, responseHeaders, frame: outcome.error }));
          return;
        }
        output ||= outcome.output;
      });
      response.setEncoding("utf8");
      // The events of one read go downstream together, their words as one delta: a server
      // that reads late (busy) passes fewer, longer deltas instead of falling further behind.
      response.on("data", (text: string) => {
        idle.refresh();
        events.push(text);
        if (ended) return;
        for (const part of parts.take()) controller.enqueue(part);
        if (output) begin(responseHeaders);
      });
      response.on("end", () => {
        if (ended) return;
        ended = true;
        stop();
        for (const part of parts.end()) controller.enqueue(part);
        controller.close();
        begin(responseHeaders);
      });
      response.on("error", fail);
      response.on("aborted", () => fail(new Error("The provider closed the stream")));
    });
    request.end(payload);
  });
}

/**
 * Server-sent events: `data:` lines gathered until a blank line; comments, other fields and
 * `[DONE]` are dropped, as is an event the stream ends in the middle of.
 */
class EventStream {
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
class ChunkParts {
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

function headersOf(response: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function readAll(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (piece: string) => {
      text += piece;
    });
    response.on("end", () => resolve(text));
    response.on("error", reject);
  });
}

/** As the SDK reports a failed status: the provider's `error.message`, else the status text. */
function httpError(input: {
  url: string;
  body: Record<string, unknown>;
  status: number;
  response: http.IncomingMessage;
  responseHeaders: Record<string, string>;
  text: string;
}): APICallError {
  let message = input.response.statusMessage ?? "";
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
function streamError(input: {
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
