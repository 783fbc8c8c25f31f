import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpenAI } from "@ai-sdk/openai";
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDirectTextStreams } from "./chat-completions-stream";
import { ModelIdleTimeoutError } from "./idle-timeout-fetch";
import { createProviderFetch, type ProviderTarget } from "./provider-fetch";

// The direct stream must say what the AI SDK's own stream of the same response says: each
// scenario is answered twice by a loopback provider, once read by the SDK and once directly.

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id: "chatcmpl-1",
    created: 1_700_000_000,
    model: "fixture-model",
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
const usage = `data: ${JSON.stringify({
  id: "chatcmpl-1",
  created: 1_700_000_000,
  model: "fixture-model",
  choices: [],
  usage: {
    prompt_tokens: 12,
    completion_tokens: 5,
    prompt_tokens_details: { cached_tokens: 2 },
    completion_tokens_details: { reasoning_tokens: 1 },
  },
})}\n\n`;
const done = "data: [DONE]\n\n";

/** A response the provider sends: its status, headers and body pieces (written apart). */
interface Scripted {
  status?: number;
  statusText?: string;
  headers?: Record<string, string>;
  pieces: (string | Buffer)[];
  /** Stops after the pieces without ending the response. */
  hang?: boolean;
}

const scenarios: Record<string, Scripted> = {
  "a plain answer with usage": {
    pieces: [
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Hello" }),
      chunk({ content: " world" }),
      chunk({}, "stop"),
      usage,
      done,
    ],
  },
  "events split anywhere, CRLF line ends, a character split between pieces": {
    pieces: (() => {
      const text = [
        chunk({ content: "Grüße " }),
        chunk({ content: "👋 done" }),
        chunk({}, "length"),
        done,
      ]
        .join("")
        .replaceAll("\n", "\r\n");
      const bytes = Buffer.from(text);
      // Pieces of 7 bytes: some end inside "ü" or the emoji.
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += 7) pieces.push(bytes.subarray(at, at + 7));
      return pieces;
    })(),
  },
  "several events in one read": {
    pieces: [
      [chunk({ content: "One" }), chunk({ content: " two" }), chunk({ content: " three" })].join(
        "",
      ),
      chunk({}, "stop"),
      done,
    ],
  },
  "comments, other fields and no usage": {
    pieces: [
      ": keep-alive\n\n",
      "event: message\nid: 3\n",
      chunk({ content: "ok" }).replace("data: ", "data:"),
      chunk({}, "stop"),
    ],
  },
  "a refusal": {
    pieces: [chunk({ refusal: "I can't help with that" }), chunk({}, "stop"), done],
  },
  "a content filter": {
    pieces: [chunk({ content: "Part" }), chunk({}, "content_filter"), done],
  },
  "an error event after output": {
    pieces: [
      chunk({ content: "Half" }),
      `data: ${JSON.stringify({ error: { message: "overloaded", type: "server_error" } })}\n\n`,
    ],
  },
  "malformed JSON after output": {
    pieces: [chunk({ content: "Half" }), "data: {not json\n\n", chunk({ content: " more" }), done],
  },
  "the stream ends inside an event": {
    pieces: [chunk({ content: "Whole" }), 'data: {"choices":[{"delta":{"content":"cut'],
  },
  "a 400 with the provider's error": {
    status: 400,
    statusText: "Bad Request",
    headers: { "content-type": "application/json" },
    pieces: [
      JSON.stringify({
        error: { message: "context_length_exceeded: too long", type: "invalid_request_error" },
      }),
    ],
  },
  "a 429 with no body": {
    status: 429,
    statusText: "Too Many Requests",
    headers: { "retry-after": "1" },
    pieces: [],
  },
  "a 503 that is not JSON": {
    status: 503,
    statusText: "Service Unavailable",
    pieces: ["<html>upstream down</html>"],
  },
  "a rate limit reported in the stream before any output": {
    pieces: [
      chunk({ role: "assistant" }),
      `data: ${JSON.stringify({ error: { message: "Rate limit reached", code: "rate_limit_exceeded" } })}\n\n`,
    ],
  },
  "quota reported in the stream before any output": {
    pieces: [
      `data: ${JSON.stringify({ error: { message: "You exceeded your quota", type: "insufficient_quota", code: "insufficient_quota" } })}\n\n`,
    ],
  },
};

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}
const received: Received[] = [];
const closed: string[] = [];

async function answer(name: string, response: ServerResponse) {
  const scripted = scenarios[name];
  if (!scripted) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(scripted.status ?? 200, scripted.statusText ?? "", {
    "content-type": "text/event-stream",
    ...scripted.headers,
  });
  for (const piece of scripted.pieces) {
    response.write(piece);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (!scripted.hang) response.end();
}

let base: string;
let stopServer: () => Promise<void>;

beforeAll(async () => {
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (piece) => {
      text += piece;
    });
    request.on("end", () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      received.push({ url: request.url ?? "", headers: request.headers, body });
      const name = String((body.messages as { content: string }[]).at(-1)?.content);
      if (name === "redirect") {
        response.writeHead(307, { location: "http://elsewhere.test/v1/chat/completions" }).end();
        return;
      }
      if (name === "silence" || name === "hang up") {
        response.on("close", () => closed.push(name));
        response.writeHead(200, { "content-type": "text/event-stream" });
        if (name === "hang up") response.write(chunk({ content: "Beginning" }));
        return;
      }
      void answer(name, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  stopServer = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
});
afterAll(() => stopServer());

function models(idleMs = 5_000, target: Partial<ProviderTarget> = {}) {
  const provider: ProviderTarget = {
    id: "fixture",
    kind: "openai-compatible",
    baseUrl: base,
    apiKey: "sk-fixture",
    ...target,
  };
  const sdk = createOpenAI({
    baseURL: provider.baseUrl,
    apiKey: "",
    fetch: createProviderFetch(provider, globalThis.fetch),
  }).chat("fixture-model");
  return { sdk, direct: withDirectTextStreams(sdk, { target: provider, idleMs }) };
}

const callFor = (question: string, extra: Partial<LanguageModelV3CallOptions> = {}) => ({
  prompt: [
    { role: "system" as const, content: "You answer." },
    { role: "user" as const, content: [{ type: "text" as const, text: question }] },
  ],
  ...extra,
});

/** Everything a stream said, or how its start failed, in comparable form. */
async function outcomeOf(model: LanguageModelV3, question: string) {
  try {
    const { stream } = await model.doStream(callFor(question));
    const parts: LanguageModelV3StreamPart[] = [];
    for await (const part of stream as unknown as AsyncIterable<LanguageModelV3StreamPart>) {
      const last = parts.at(-1);
      // The words of one read come as one delta: compared as the text they make.
      if (part.type === "text-delta" && last?.type === "text-delta")
        parts[parts.length - 1] = { ...last, delta: last.delta + part.delta };
      else
        parts.push(part.type === "error" ? { type: "error", error: described(part.error) } : part);
    }
    return { parts };
  } catch (error) {
    return { rejected: described(error) };
  }
}

function described(error: unknown) {
  if (typeof error !== "object" || error === null) return error;
  const { name, message, statusCode, isRetryable } = error as Record<string, unknown>;
  return name === undefined ? error : { name, message, statusCode, isRetryable };
}

describe("withDirectTextStreams", () => {
  for (const name of Object.keys(scenarios)) {
    it(`says what the AI SDK says: ${name}`, async () => {
      const { sdk, direct } = models();
      const expected = await outcomeOf(sdk, name);
      const actual = await outcomeOf(direct, name);
      expect(actual).toEqual(expected);
      // And the same request went out both times.
      const [sdkRequest, directRequest] = received.slice(-2);
      expect(directRequest.body).toEqual(sdkRequest.body);
      expect(directRequest.url).toBe(sdkRequest.url);
      expect(directRequest.headers.authorization).toBe("Bearer sk-fixture");
    });
  }

  it("reads the text of a plain answer and its usage", async () => {
    const { direct } = models();
    const { parts } = await outcomeOf(direct, "a plain answer with usage");
    const text = (parts as LanguageModelV3StreamPart[])
      .map((part) => (part.type === "text-delta" ? part.delta : ""))
      .join("");
    expect(text).toBe("Hello world");
    expect(parts?.at(-1)).toMatchObject({
      type: "finish",
      finishReason: { unified: "stop", raw: "stop" },
      usage: { inputTokens: { total: 12, cacheRead: 2 }, outputTokens: { total: 5, reasoning: 1 } },
    });
  });

  it("passes the words of one read on as one delta", async () => {
    const { direct } = models();
    const { stream } = await direct.doStream(callFor("several events in one read"));
    const deltas: string[] = [];
    for await (const part of stream as unknown as AsyncIterable<LanguageModelV3StreamPart>) {
      if (part.type === "text-delta") deltas.push(part.delta);
    }
    expect(deltas).toEqual(["One two three"]);
  });

  it("sends Azure's key as api-key with its API version, and nothing else's", async () => {
    const { direct } = models(5_000, { kind: "azure", apiKey: "az-key", apiVersion: "2024-10-21" });
    await outcomeOf(direct, "a plain answer with usage");
    const sent = received.at(-1)!;
    expect(sent.url).toBe("/v1/chat/completions?api-version=2024-10-21");
    expect(sent.headers["api-key"]).toBe("az-key");
    expect(sent.headers.authorization).toBeUndefined();
  });

  it("refuses a redirect instead of following it with the key", async () => {
    const { direct } = models();
    await expect(direct.doStream(callFor("redirect"))).rejects.toMatchObject({
      code: "unavailable:model",
      message: expect.stringContaining("answered with a redirect (HTTP 307)"),
    });
  });

  it("cuts off a provider that falls silent, before and after its first words", async () => {
    const { direct } = models(200);
    await expect(direct.doStream(callFor("silence"))).rejects.toBeInstanceOf(ModelIdleTimeoutError);
    const { stream } = await direct.doStream(callFor("hang up"));
    const reader = stream.getReader();
    const seen: string[] = [];
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          seen.push(value.type);
        }
      })(),
    ).rejects.toBeInstanceOf(ModelIdleTimeoutError);
    expect(seen).toContain("text-delta");
    await expect.poll(() => closed.filter((name) => name === "hang up").length).toBe(1);
  });

  it("closes the provider's request when the caller aborts or stops reading", async () => {
    const { direct } = models();
    const before = closed.length;
    const controller = new AbortController();
    const { stream } = await direct.doStream(
      callFor("hang up", { abortSignal: controller.signal }),
    );
    const reader = stream.getReader();
    controller.abort(new Error("client left"));
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toThrow("client left");
    await expect.poll(() => closed.length).toBe(before + 1);

    const second = await direct.doStream(callFor("hang up"));
    await second.stream.cancel();
    await expect.poll(() => closed.length).toBe(before + 2);
  });

  it("says it cannot connect, retryably, when nothing listens", async () => {
    const { direct } = models(5_000, { baseUrl: "http://127.0.0.1:9/v1" });
    await expect(direct.doStream(callFor("anything"))).rejects.toMatchObject({
      name: "AI_APICallError",
      isRetryable: true,
      message: expect.stringContaining("Cannot connect to API"),
    });
  });

  it("leaves structured output, and models not shaped like the SDK's, to the SDK", async () => {
    const { sdk, direct } = models();
    // The SDK's requests carry its user agent; the direct ones carry none.
    await outcomeOf(direct, "a plain answer with usage");
    expect(received.at(-1)?.headers["user-agent"]).toBeUndefined();
    const json = await direct.doStream(
      callFor("a plain answer with usage", { responseFormat: { type: "json" } }),
    );
    await json.stream.cancel();
    expect(received.at(-1)?.body.response_format).toEqual({ type: "json_object" });
    expect(received.at(-1)?.headers["user-agent"]).toContain("ai-sdk");

    const other: LanguageModelV3 = {
      specificationVersion: "v3",
      provider: "other",
      modelId: "m",
      supportedUrls: {},
      doGenerate: (options) => sdk.doGenerate(options),
      doStream: (options) => sdk.doStream(options),
    };
    const target: ProviderTarget = { id: "x", kind: "openai-compatible", baseUrl: base };
    expect(withDirectTextStreams(other, { target, idleMs: 1_000 })).toBe(other);
  });
});
