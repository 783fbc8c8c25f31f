import { APICallError, type LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { convertArrayToReadableStream, MockLanguageModelV3 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { type ModelTextPart, readModelText, startModelTextStream } from "./model-text-stream";

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 2, text: 2, reasoning: undefined },
};

const parts = (...words: string[]): LanguageModelV3StreamPart[] => [
  { type: "stream-start", warnings: [] },
  { type: "text-start", id: "t" },
  ...words.map((delta) => ({ type: "text-delta" as const, id: "t", delta })),
  { type: "text-end", id: "t" },
  { type: "finish", finishReason: { unified: "length", raw: "length" }, usage },
];

const request = (signal = new AbortController().signal) => ({
  system: "You answer.",
  messages: [
    { role: "user" as const, content: "first" },
    { role: "assistant" as const, content: "answer" },
    { role: "user" as const, content: "second" },
  ],
  signal,
});

async function collect(stream: ReadableStream<LanguageModelV3StreamPart>) {
  const read: ModelTextPart[] = [];
  for await (const part of readModelText(stream)) read.push(part);
  return read;
}

const unavailable = (isRetryable: boolean, headers?: Record<string, string>) =>
  new APICallError({
    message: "busy",
    url: "http://model/chat/completions",
    requestBodyValues: {},
    statusCode: isRetryable ? 503 : 400,
    responseHeaders: headers,
    isRetryable,
  });

describe("startModelTextStream and readModelText", () => {
  it("sends the system prompt and the turns, and reads the text then why it ended", async () => {
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: convertArrayToReadableStream(parts("Hello", "", " there")),
      }),
    });
    const read = await collect(await startModelTextStream(model, request()));
    expect(read).toEqual([
      { type: "text", text: "Hello" },
      { type: "text", text: " there" },
      { type: "finish", finishReason: "length" },
    ]);
    expect(model.doStreamCalls[0].prompt).toEqual([
      { role: "system", content: "You answer." },
      { role: "user", content: [{ type: "text", text: "first" }] },
      { role: "assistant", content: [{ type: "text", text: "answer" }] },
      { role: "user", content: [{ type: "text", text: "second" }] },
    ]);
  });

  it("throws an error the stream reports, after the text before it", async () => {
    const failure = new Error("cut");
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: convertArrayToReadableStream<LanguageModelV3StreamPart>([
          { type: "text-delta", id: "t", delta: "Part" },
          { type: "error", error: failure },
        ]),
      }),
    });
    const read: ModelTextPart[] = [];
    await expect(async () => {
      for await (const part of readModelText(await startModelTextStream(model, request())))
        read.push(part);
    }).rejects.toBe(failure);
    expect(read).toEqual([{ type: "text", text: "Part" }]);
  });

  it("retries a start the provider says may be retried, once, after its retry-after", async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const model = new MockLanguageModelV3({
        doStream: async () => {
          calls++;
          if (calls === 1) throw unavailable(true, { "retry-after-ms": "300" });
          return { stream: convertArrayToReadableStream(parts("ok")) };
        },
      });
      const started = startModelTextStream(model, request());
      await vi.advanceTimersByTimeAsync(299);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect((await collect(await started))[0]).toEqual({ type: "text", text: "ok" });
      expect(calls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not retry a refusal, nor a second failure", async () => {
    const refusing = new MockLanguageModelV3({
      doStream: async () => {
        throw unavailable(false);
      },
    });
    await expect(startModelTextStream(refusing, request())).rejects.toThrow("busy");
    expect(refusing.doStreamCalls).toHaveLength(1);

    const failing = new MockLanguageModelV3({
      doStream: async () => {
        throw unavailable(true, { "retry-after": "0" });
      },
    });
    await expect(startModelTextStream(failing, request())).rejects.toThrow("busy");
    expect(failing.doStreamCalls).toHaveLength(2);
  });

  it("gives up its retry when the caller aborts while it waits", async () => {
    const controller = new AbortController();
    const model = new MockLanguageModelV3({
      doStream: async () => {
        throw unavailable(true);
      },
    });
    const started = startModelTextStream(model, request(controller.signal));
    await new Promise((resolve) => setTimeout(resolve, 20)); // waiting for its retry
    controller.abort(new Error("client left"));
    await expect(started).rejects.toThrow("client left");
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it("cancels the provider's stream when its reader stops early", async () => {
    let cancelled: unknown;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      pull(controller) {
        controller.enqueue({ type: "text-delta", id: "t", delta: "more " });
      },
      cancel(reason) {
        cancelled = reason ?? "cancelled";
      },
    });
    for await (const part of readModelText(stream)) {
      expect(part).toEqual({ type: "text", text: "more " });
      break;
    }
    expect(cancelled).toBeDefined();
  });
});
