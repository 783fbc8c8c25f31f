import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent } from "../lib/protocol/chat";
import type { ChatSummary, StoredChat } from "../lib/protocol/chats";
import { chatOverSocket } from "./support/chat-client";
import { api, waitFor } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

let model: ModelFixture;
let server: ServerProcess;
let repoDir: string;
let allowedRoot: string;

const billing = [
  "export function calculateInvoiceTotal(items: { price: number }[]): number {",
  "  return items.reduce((sum, item) => sum + item.price, 0);",
  "}",
  "",
].join("\n");
const retry = [
  "export async function retryWithBackoff(operation: () => Promise<void>, attempts: number) {",
  "  for (let attempt = 1; attempt <= attempts; attempt++) {",
  "    try {",
  "      return await operation();",
  "    } catch {",
  "      await new Promise((resolve) => setTimeout(resolve, attempt * 100));",
  "    }",
  "  }",
  "}",
  "",
].join("\n");

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  repo_url: repoDir,
  messages: [{ role: "user", content }],
  ...extra,
});
const events = (frames: string[]) => frames.map((frame) => JSON.parse(frame) as ChatEvent);

beforeAll(async () => {
  model = await new ModelFixture().start();
  const fixture = FixtureRepo.inNewRoot("shop");
  allowedRoot = fixture.allowedRoot;
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "src/billing.ts": billing,
    "src/retry.ts": retry,
    "src/orders.ts":
      "import { calculateInvoiceTotal } from './billing';\nexport const orderTotal = (o: { items: { price: number }[] }) => calculateInvoiceTotal(o.items);\n",
    "README.md": "# Shop\n\nInvoices and payments.\n",
  });
  fixture.repo.commit("first");
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

describe("a DeepWiki client", () => {
  it("gets a streamed answer in text mode and close code 1000", async () => {
    const outcome = await chatOverSocket(server.url, ask("How is the invoice total calculated?"));
    expect(outcome.code).toBe(1000);
    expect(outcome.frames.length).toBeGreaterThan(3);
    const text = outcome.frames.join("");
    expect(text).toMatch(/^This answers: How is the invoice total calculated\?/);
    expect(text).toMatch(/src\/billing\.ts:1-3/);
    const call = model.calls.at(-1)!;
    expect(call.stream).toBe(true);
    expect(call.model).toBe("fixture-chat");
    expect(call.messages[0].content).toContain("--- src/billing.ts:1-3");
  });

  it("gets meta, sources, deltas and done in events mode", async () => {
    const outcome = await chatOverSocket(
      server.url,
      ask("How is the invoice total calculated?", { stream: "events" }),
    );
    expect(outcome.code).toBe(1000);
    const received = events(outcome.frames);
    expect(received[0]).toMatchObject({
      type: "meta",
      provider: "openai",
      model: "fixture-chat",
      repo: { name: "shop" },
    });
    expect(received[1].type).toBe("sources");
    const sources = received[1].type === "sources" ? received[1].items : [];
    expect(sources[0]).toMatchObject({ path: "src/billing.ts", start_line: 1, end_line: 3 });
    expect(received.at(-1)).toMatchObject({ type: "done", finish_reason: "stop" });
    expect(received.slice(2, -1).every((event) => event.type === "delta")).toBe(true);
    const done = received.at(-1)!;
    expect(done.type === "done" && done.citations).toEqual([
      {
        text: "src/billing.ts:1-3",
        path: "src/billing.ts",
        start_line: 1,
        end_line: 3,
        valid: true,
      },
    ]);
  });

  it("continues a stored conversation by chat_id", async () => {
    const first = events(
      (
        await chatOverSocket(
          server.url,
          ask("What does retryWithBackoff do?", { stream: "events" }),
        )
      ).frames,
    );
    const chatId = first[0].type === "meta" ? first[0].chat_id : "";
    const second = await chatOverSocket(
      server.url,
      ask("And how long does it wait?", { chat_id: chatId }),
    );
    expect(second.code).toBe(1000);
    const call = model.calls.at(-1)!;
    expect(call.messages.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    expect(call.messages[1].content).toBe("What does retryWithBackoff do?");
  });

  it("lists stored conversations, reads one back with its checked citations, deletes it", async () => {
    // Cartograph's client names a new conversation itself, so it is listed from the start.
    const chatId = randomUUID();
    const frames = events(
      (
        await chatOverSocket(
          server.url,
          ask("Where is the invoice total computed?", { stream: "events", chat_id: chatId }),
        )
      ).frames,
    );
    expect(frames[0]).toMatchObject({ type: "meta", chat_id: chatId });
    const streamed = frames.map((frame) => (frame.type === "delta" ? frame.text : "")).join("");
    const done = frames.at(-1);
    if (done?.type !== "done") throw new Error("the answer did not finish");

    const list = await api<{ items: ChatSummary[] }>(server.url, "/api/chats");
    const summary = list.body.items.find((item) => item.chat_id === chatId);
    expect(summary).toMatchObject({
      title: "Where is the invoice total computed?",
      message_count: 2,
    });
    const byRepo = await api<{ items: ChatSummary[] }>(
      server.url,
      `/api/chats?repo_id=${encodeURIComponent(summary?.repo_id ?? "")}`,
    );
    expect(byRepo.body.items.map((item) => item.chat_id)).toContain(chatId);
    const otherRepo = await api<{ items: ChatSummary[] }>(server.url, "/api/chats?repo_id=none");
    expect(otherRepo.body.items).toEqual([]);

    const stored = await api<StoredChat>(server.url, `/api/chats/${chatId}`);
    expect(stored.body.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    const [question, answer] = stored.body.messages;
    expect(question.content).toBe("Where is the invoice total computed?");
    expect(answer.content).toBe(streamed);
    expect(answer.citations).toEqual(done.citations);
    expect(answer.sources.length).toBeGreaterThan(0);

    expect((await api(server.url, `/api/chats/${chatId}`, { method: "DELETE" })).status).toBe(200);
    expect((await api(server.url, `/api/chats/${chatId}`)).status).toBe(404);
    expect((await api(server.url, "/api/chats/no-such-chat", { method: "DELETE" })).status).toBe(
      404,
    );
  });
});

describe("a question asked beside a wiki page", () => {
  it("puts the page's title and files in the prompt, skipping files the commit lacks", async () => {
    const outcome = await chatOverSocket(
      server.url,
      ask("How is an order totalled?", {
        stream: "events",
        page_title: "Orders and invoices",
        filePaths: ["src/orders.ts", "src/gone.ts", "./src/billing.ts"],
      }),
    );
    expect(outcome.code).toBe(1000);
    const system = model.calls.at(-1)!.messages[0].content;
    expect(system).toContain('The user is reading the wiki page "Orders and invoices"');
    expect(system).toContain('<file path="src/orders.ts">\n1: import { calculateInvoiceTotal }');
    expect(system).toContain('<file path="src/billing.ts">');
    expect(system).not.toContain("src/gone.ts");
    // The stored question is the user's own words.
    const received = events(outcome.frames);
    const chatId = received[0].type === "meta" ? received[0].chat_id : "";
    const stored = await api<StoredChat>(server.url, `/api/chats/${chatId}`);
    expect(stored.body.messages[0].content).toBe("How is an order totalled?");
  });

  it("names the symbol of each source the index knows", async () => {
    const outcome = await chatOverSocket(
      server.url,
      ask("How is the invoice total calculated?", { stream: "events" }),
    );
    const sources = events(outcome.frames).find((event) => event.type === "sources");
    const billing = sources?.type === "sources" ? sources.items[0] : undefined;
    expect(billing).toMatchObject({ path: "src/billing.ts", symbol: "calculateInvoiceTotal" });
  });
});

describe("each failure has its reason frame and close code", () => {
  it.each([
    ["a non-JSON first frame", 1002, { raw: "not json" }, /JSON/],
    ["empty messages", 1003, { request: { repo_url: "x", messages: [] } }, /messages/],
    [
      "a last message from the assistant",
      1003,
      { request: { repo_url: "x", messages: [{ role: "assistant", content: "hi" }] } },
      /last message/,
    ],
    [
      "an unknown repository type",
      1003,
      { request: { repo_url: "x", type: "svn", messages: [{ role: "user", content: "q" }] } },
      /type/,
    ],
    [
      "a forbidden repository",
      1003,
      {
        request: { repo_url: "http://example.com/a/b", messages: [{ role: "user", content: "q" }] },
      },
      /https/,
    ],
    [
      "an oversized frame",
      1009,
      {
        raw: JSON.stringify({
          repo_url: "x",
          messages: [{ role: "user", content: "x".repeat(9 * 1024 * 1024) }],
        }),
      },
      /larger than/,
    ],
  ])("%s → %i", async (_name, code, input, reason) => {
    const { raw, request } = input as { raw?: string; request?: unknown };
    const outcome = await chatOverSocket(server.url, request, { raw });
    expect(outcome.code).toBe(code);
    expect(outcome.frames).toHaveLength(1);
    expect(outcome.frames[0]).toMatch(/^Error: /);
    expect(outcome.frames[0]).toMatch(reason);
  });

  it("reports errors as an error event in events mode", async () => {
    const outcome = await chatOverSocket(server.url, {
      repo_url: "x",
      messages: [],
      stream: "events",
    });
    expect(outcome.code).toBe(1003);
    expect(JSON.parse(outcome.frames[0])).toMatchObject({
      type: "error",
      code: "bad_request:chat",
    });
  });

  it("no request within 10 s → 1002", async () => {
    const began = Date.now();
    const outcome = await chatOverSocket(server.url, null, { sendNothing: true });
    expect(outcome.code).toBe(1002);
    expect(outcome.frames[0]).toMatch(/^Error: No request arrived within 10 s/);
    expect(Date.now() - began).toBeGreaterThanOrEqual(9_500);
  }, 20_000);

  it("a model failing mid-stream → 1011, keeping the text already streamed", async () => {
    model.options = { failAfterChunks: 3 };
    try {
      const outcome = await chatOverSocket(server.url, ask("How is the invoice total calculated?"));
      expect(outcome.code).toBe(1011);
      const last = outcome.frames.at(-1)!;
      expect(last).toBe("Error: The model provider failed while answering");
      expect(outcome.frames.slice(0, -1).join("")).toBe("This answers: How ");
    } finally {
      model.options = {};
    }
  });

  it("a model server that answers 500 → 1011", async () => {
    model.options = { failAll: true };
    try {
      const outcome = await chatOverSocket(server.url, ask("Anything?"));
      expect(outcome.code).toBe(1011);
      expect(outcome.frames.at(-1)).toMatch(/^Error: /);
    } finally {
      model.options = {};
    }
  });
});

describe("streams are independent and stop when nobody listens", () => {
  it("aborts the model request within a second of the client leaving", async () => {
    model.options = { delayMs: 100, respond: () => "word ".repeat(200) };
    try {
      const abortedBefore = model.aborted;
      const outcome = await chatOverSocket(server.url, ask("Tell me everything"), {
        closeAfterFrames: 3,
      });
      expect(outcome.frames.length).toBe(3);
      const closedAt = Date.now();
      await waitFor(() => model.aborted > abortedBefore, {
        timeoutMs: 1_000,
        what: "the model request aborted",
      });
      expect(Date.now() - closedAt).toBeLessThan(1_000);
    } finally {
      model.options = {};
    }
  });

  it("streams 50 concurrent chats correctly", async () => {
    model.options = {
      delayMs: 5,
      respond: (call) => `Answer for ${call.messages.at(-1)!.content} done.`,
    };
    try {
      const outcomes = await Promise.all(
        // Each from its own address (Linux takes any 127.x): 50 chats from one client would
        // spend most of its budget (60 a minute) and leave the file's other tests to chance.
        Array.from({ length: 50 }, (_, index) =>
          chatOverSocket(server.url, ask(`question-${index}`), {
            localAddress: `127.0.1.${index + 1}`,
          }),
        ),
      );
      outcomes.forEach((outcome, index) => {
        expect(outcome.code).toBe(1000);
        expect(outcome.frames.join("")).toBe(`Answer for question-${index} done.`);
      });
    } finally {
      model.options = {};
    }
  }, 60_000);
});

describe("the HTTP fallback", () => {
  it.each(["/chat/completions/stream", "/api/chat/stream"])(
    "%s streams the same text answer",
    async (path) => {
      const response = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ask("How is the invoice total calculated?")),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toMatch(
        /^This answers: How is the invoice total calculated\? \(see src\/billing\.ts:1-3\)\.$/,
      );
    },
  );

  it("frames events as SSE", async () => {
    const response = await fetch(`${server.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ask("How is the invoice total calculated?", { stream: "events" })),
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const body = await response.text();
    const blocks = body.split("\n\n").filter(Boolean);
    expect(blocks.every((block) => block.startsWith("data: "))).toBe(true);
    const types = blocks.map((block) => (JSON.parse(block.slice(6)) as ChatEvent).type);
    expect(types[0]).toBe("meta");
    expect(types[1]).toBe("sources");
    expect(types.at(-1)).toBe("done");
  });

  it("answers 400 JSON for invalid bodies before streaming", async () => {
    for (const body of ["nope", JSON.stringify({ repo_url: "x", messages: [] })]) {
      const response = await api<{ error: { code: string; message: string } }>(
        server.url,
        "/api/chat/stream",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        },
      );
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("bad_request:chat");
    }
  });
});

describe("citations", () => {
  it("marks an invented citation as invalid", async () => {
    model.options = {
      respond: () => "See src/billing.ts:1-3 and src/billing.ts:40-90 and src/nowhere.ts:1.",
    };
    try {
      const outcome = await chatOverSocket(server.url, ask("Where?", { stream: "events" }));
      const done = events(outcome.frames).at(-1)!;
      expect(
        done.type === "done" && done.citations?.map((citation) => [citation.text, citation.valid]),
      ).toEqual([
        ["src/billing.ts:1-3", true],
        ["src/billing.ts:40-90", false],
        ["src/nowhere.ts:1", false],
      ]);
    } finally {
      model.options = {};
    }
  });
});
