import { createHash } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

/** One chat request as the fixture received it. */
export interface ChatCall {
  model: string;
  messages: { role: string; content: string }[];
  stream: boolean;
  /** The Authorization header the client sent. */
  authorization?: string;
  stream_options?: { include_usage?: boolean };
}

/** The usage the fixture reported for one call, as the provider's bill would count it. */
export interface ReportedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ModelFixtureOptions {
  /** Milliseconds between streamed chunks. */
  delayMs?: number;
  /** Milliseconds before a non-streaming answer is sent (a client leaving meanwhile counts as aborted). */
  generateDelayMs?: number;
  /** The answer for a request; default: a short answer citing the first source in the prompt. */
  respond?: (call: ChatCall) => string;
  /** Fail after this many streamed chunks (the connection is cut). */
  failAfterChunks?: number;
  /** Only calls for which this is true are cut after `failAfterChunks` (default: all). */
  failIf?: (call: ChatCall) => boolean;
  /** Answer 500 to every chat request. */
  failAll?: boolean;
  /**
   * Fall silent without closing the connection: `before-headers` answers nothing at all,
   * `mid-answer` sends the headers and the first words (or half a JSON body), then nothing.
   */
  stall?: "before-headers" | "mid-answer";
  /** Only calls for which this is true stall (default: all). */
  stallIf?: (call: ChatCall) => boolean;
  models?: string[];
  dimensions?: number;
  /** Report no `usage` at all (a provider that gives none), so the server has to estimate. */
  omitUsage?: boolean;
}

/**
 * The project's OpenAI-compatible model server for tests: real HTTP, streaming Chat
 * Completions (SSE), embeddings and the model list, with deterministic answers.
 */
export class ModelFixture {
  readonly calls: ChatCall[] = [];
  /** Every usage the fixture reported, in order (streams only when `include_usage` was asked). */
  readonly reported: ReportedUsage[] = [];
  /** Every request as it arrived: its request line and headers, as a provider sees them. */
  readonly requests: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
  embeddingRequests = 0;
  /** The prompt tokens the fixture reported for embeddings, summed. */
  embeddingTokens = 0;
  /** Chat requests whose client went away before the answer ended. */
  aborted = 0;
  completed = 0;
  /** Chat requests the fixture fell silent on. */
  stalled = 0;
  private server: Server | undefined;
  url = "";

  constructor(public options: ModelFixtureOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.requests.push({
      method: request.method ?? "",
      url: request.url ?? "",
      headers: request.headers,
    });
    // OpenAI's paths under /v1, or Azure's under the deployment a chat addresses.
    const path = new URL(request.url ?? "/", "http://fixture").pathname
      .replace(/^\/v1/, "")
      .replace(/^\/openai\/deployments\/[^/]+/, "");
    if (request.method === "GET" && path === "/models") {
      const models = this.options.models ?? ["fixture-chat", "fixture-embed"];
      return json(response, 200, {
        object: "list",
        data: models.map((id) => ({ id, object: "model", owned_by: "fixture" })),
      });
    }
    const body = await readBody(request);
    if (request.method === "POST" && path === "/embeddings") {
      this.embeddingRequests++;
      const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
      this.embeddingTokens += inputs.join(" ").length;
      return json(response, 200, {
        object: "list",
        model: body.model,
        data: inputs.map((input, index) => ({
          object: "embedding",
          index,
          embedding: fixtureEmbedding(input, this.options.dimensions),
        })),
        usage: { prompt_tokens: inputs.join(" ").length, total_tokens: inputs.join(" ").length },
      });
    }
    if (request.method === "POST" && path === "/chat/completions") {
      return this.chat(
        { ...(body as unknown as ChatCall), authorization: request.headers.authorization },
        response,
      );
    }
    json(response, 404, { error: { message: `No route ${request.method} ${path}` } });
  }

  private report(call: ChatCall, answer: string): ReportedUsage {
    const reported = usage(call, answer);
    this.reported.push(reported);
    return reported;
  }

  /** What the fixture reported in all, as the server's usage totals should add up to. */
  reportedTotals(from = 0): { input_tokens: number; output_tokens: number } {
    return this.reported.slice(from).reduce(
      (total, entry) => ({
        input_tokens: total.input_tokens + entry.prompt_tokens,
        output_tokens: total.output_tokens + entry.completion_tokens,
      }),
      { input_tokens: 0, output_tokens: 0 },
    );
  }

  private async chat(call: ChatCall, response: ServerResponse) {
    this.calls.push(call);
    if (this.options.failAll) return json(response, 500, { error: { message: "fixture failure" } });
    const answer = (this.options.respond ?? defaultAnswer)(call);
    const id = `chatcmpl-${this.calls.length}`;
    if (this.options.stall && (this.options.stallIf?.(call) ?? true)) {
      this.stalled++;
      return stallAnswer(this.options.stall, call, id, response);
    }
    if (!call.stream) {
      if (this.options.generateDelayMs) {
        let gone = false;
        response.on("close", () => {
          if (!response.writableEnded) gone = true;
        });
        await new Promise((resolve) => setTimeout(resolve, this.options.generateDelayMs));
        if (gone) {
          this.aborted++;
          return;
        }
      }
      this.completed++;
      return json(response, 200, {
        id,
        object: "chat.completion",
        created: 0,
        model: call.model,
        choices: [
          { index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" },
        ],
        ...(this.options.omitUsage ? {} : { usage: this.report(call, answer) }),
      });
    }
    let finished = false;
    let gone = false;
    // The request stream is already consumed (and destroyed); only the response tells of a departed client.
    response.on("close", () => {
      gone = true;
      if (!finished) this.aborted++;
    });
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const pieces = answer.match(/\S+\s*|\s+/g) ?? [];
    const failing = this.options.failIf?.(call) ?? true;
    const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);
    send({
      id,
      object: "chat.completion.chunk",
      created: 0,
      model: call.model,
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
    });
    for (let index = 0; index < pieces.length; index++) {
      if (gone) return;
      if (
        this.options.failAfterChunks !== undefined &&
        index >= this.options.failAfterChunks &&
        failing
      ) {
        // Let what was written reach the client, then cut the connection mid-stream.
        await new Promise((resolve) => setTimeout(resolve, 50));
        response.destroy();
        return;
      }
      send({
        id,
        object: "chat.completion.chunk",
        created: 0,
        model: call.model,
        choices: [{ index: 0, delta: { content: pieces[index] }, finish_reason: null }],
      });
      if (this.options.delayMs)
        await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    }
    send({
      id,
      object: "chat.completion.chunk",
      created: 0,
      model: call.model,
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
    });
    // As OpenAI does: a last chunk with no choices and the usage, only when asked for.
    if (call.stream_options?.include_usage && !this.options.omitUsage) {
      send({
        id,
        object: "chat.completion.chunk",
        created: 0,
        model: call.model,
        choices: [],
        usage: this.report(call, answer),
      });
    }
    response.end("data: [DONE]\n\n");
    finished = true;
    this.completed++;
  }
}

/** Starts an answer (or not) and never finishes it; the connection stays open until the client leaves. */
function stallAnswer(
  stall: "before-headers" | "mid-answer",
  call: ChatCall,
  id: string,
  response: ServerResponse,
) {
  if (stall === "before-headers") return;
  if (!call.stream) {
    response.writeHead(200, { "content-type": "application/json" });
    response.write(`{"id":"${id}","object":"chat.completion",`);
    return;
  }
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  response.write(
    `data: ${JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created: 0,
      model: call.model,
      choices: [
        { index: 0, delta: { role: "assistant", content: "Partly " }, finish_reason: null },
      ],
    })}\n\n`,
  );
}

/** The fixture's answer when a test gives no `respond`: one line citing the first source. */
export function defaultAnswer(call: ChatCall): string {
  const prompt = call.messages.map((message) => message.content).join("\n");
  const question =
    [...call.messages].reverse().find((message) => message.role === "user")?.content ?? "";
  const citation = /^--- ([\w./-]+):(\d+)-(\d+)$/m.exec(prompt);
  const cite = citation ? ` (see ${citation[1]}:${citation[2]}-${citation[3]})` : "";
  return `This answers: ${question.split("\n").at(-1)?.slice(0, 120)}${cite}.`;
}

function usage(call: ChatCall, answer: string): ReportedUsage {
  const prompt = call.messages.reduce((total, message) => total + message.content.length, 0);
  return {
    prompt_tokens: Math.ceil(prompt / 4),
    completion_tokens: Math.ceil(answer.length / 4),
    total_tokens: Math.ceil((prompt + answer.length) / 4),
  };
}

/** Words that mean the same to the fixture's "model", so vector search can beat word overlap. */
const SYNONYMS: string[][] = [
  ["retry", "reattempt", "again", "backoff", "attempt"],
  ["settings", "configuration", "config", "preferences"],
  ["invoice", "bill", "receipt"],
  ["total", "sum", "amount"],
];
const canonical = new Map(
  SYNONYMS.flatMap((group) => group.map((word) => [word, group[0]] as const)),
);

/** Deterministic bag-of-words vectors: each word (after synonyms) hashes to one dimension. */
export function fixtureEmbedding(text: string, dimensions = 128): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 2)
    .map((word) => word.replace(/s$/, ""));
  for (const word of words) {
    const key = canonical.get(word) ?? word;
    const slot = createHash("md5").update(key).digest().readUInt32BE(0) % dimensions;
    vector[slot] += 1;
  }
  const norm = Math.sqrt(vector.reduce((total, value) => total + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = "";
  for await (const chunk of request) raw += chunk;
  try {
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function json(response: ServerResponse, status: number, payload: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(payload));
}
