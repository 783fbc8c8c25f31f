import http from "node:http";
import https from "node:https";
import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3StreamPart,
  type SharedV3Warning,
} from "@ai-sdk/provider";
import { ChunkParts, EventStream, httpError, streamError } from "./chat-completions-parts";
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
            fail(
              httpError({
                url: address,
                body,
                status,
                statusText: response.statusMessage ?? "",
                responseHeaders,
                text,
              }),
            ),
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
