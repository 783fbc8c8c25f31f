import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpenAI } from "@ai-sdk/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { streamProse } from "../research/stream-text";
import { createIdleTimeoutFetch } from "./idle-timeout-fetch";
import { modelFailure } from "./model-failure";
import { generateStructured } from "./structured";

const IDLE_MS = 300;
const REASON = "The model sent nothing for 0.3 s";

/** A provider that starts every answer and then falls silent. */
let server: Server;
let requests = 0;
let baseURL = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    let raw = "";
    request.on("data", (chunk) => {
      raw += chunk;
    });
    request.on("end", () => {
      const streamed = (JSON.parse(raw) as { stream?: boolean }).stream === true;
      if (streamed) {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(
          `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { role: "assistant", content: "Half " }, finish_reason: null }] })}\n\n`,
        );
      } else {
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"id":"c1","object":"chat.completion",');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const model = () =>
  createOpenAI({
    baseURL,
    apiKey: "test",
    fetch: createIdleTimeoutFetch({ idleMs: IDLE_MS }),
  }).chat("stalling-model");

describe("a model that falls silent", () => {
  it("fails a structured call with the timeout's reason, once, not after SDK retries", async () => {
    requests = 0;
    const started = Date.now();
    const failure = await generateStructured({
      model: model(),
      schema: z.object({ answer: z.string() }),
      system: "Answer in JSON.",
      prompt: "Anything",
    }).then(
      () => null,
      (error: Error) => error,
    );
    expect(failure?.message).toBe(REASON);
    expect(requests).toBe(1);
    expect(Date.now() - started).toBeLessThan(IDLE_MS * 3);
  });

  it("fails a streamed report with the timeout's reason after what was written", async () => {
    const written: string[] = [];
    const failure = await streamProse({
      model: {
        model: model(),
        provider: "openai",
        modelId: "stalling-model",
        contextTokens: 16_000,
      },
      system: "Write.",
      prompt: "Anything",
      signal: new AbortController().signal,
      onText: (text) => written.push(text),
    }).then(
      () => null,
      (error: Error) => error,
    );
    expect(written.join("")).toBe("Half ");
    expect(failure?.message).toBe(REASON);
  });

  it("keeps a generic reason for other failures", () => {
    expect(modelFailure(new Error("socket hang up"), "The model failed").message).toBe(
      "The model failed",
    );
  });
});
