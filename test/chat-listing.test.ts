import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent } from "../lib/protocol/chat";
import type { ChatSummary, StoredChat } from "../lib/protocol/chats";
import { chatOverSocket } from "./support/chat-client";
import { api } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// Which conversations a user sees in Ask's list: the ones their client named (`chat_id`),
// never the one-off prompts of external clients such as DeepWiki's wiki generator.

let model: ModelFixture;
let server: ServerProcess;
let repoDir: string;

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  repo_url: repoDir,
  messages: [{ role: "user", content }],
  ...extra,
});
const events = (frames: string[]) => frames.map((frame) => JSON.parse(frame) as ChatEvent);

beforeAll(async () => {
  model = await new ModelFixture().start();
  const fixture = FixtureRepo.inNewRoot("listing");
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "src/billing.ts":
      "export const invoiceTotal = (prices: number[]) => prices.reduce((a, b) => a + b, 0);\n",
    "README.md": "# Billing\n",
  });
  fixture.repo.commit("first");
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

describe("the conversation list", () => {
  it("keeps one-off prompts of external clients (no chat_id) out of the conversation list", async () => {
    const listed = async () =>
      (await api<{ items: ChatSummary[] }>(server.url, "/api/chats")).body.items.map(
        (item) => item.chat_id,
      );
    const before = await listed();
    // DeepWiki's client sends every wiki page's prompt this way, one request per page.
    const prompt =
      "You are an expert technical writer and software architect.\nYour task is to generate a comprehensive wiki page about billing.";
    const oneOffs: string[] = [];
    for (let page = 0; page < 3; page++) {
      const frames = events(
        (await chatOverSocket(server.url, ask(`${prompt} (${page})`, { stream: "events" }))).frames,
      );
      // The first one may wait for the index (progress events) before its meta event.
      const meta = frames.find((frame) => frame.type !== "progress");
      if (meta?.type !== "meta") throw new Error("no meta event");
      oneOffs.push(meta.chat_id);
    }
    // The HTTP fallback, text mode, as DeepWiki's client falls back to it.
    const response = await fetch(`${server.url}/chat/completions/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ask(`${prompt} (http)`)),
    });
    expect(response.status).toBe(200);
    await response.text();
    expect(await listed()).toEqual(before);

    // A one-off is still the user's own: continued by its id, it becomes a conversation.
    const continued = await chatOverSocket(
      server.url,
      ask("And the invoice total?", { chat_id: oneOffs[0] }),
    );
    expect(continued.code).toBe(1000);
    expect(await listed()).toEqual([oneOffs[0], ...before]);

    // An id that is not a UUID and names no conversation is not taken as a new one.
    const unknown = events(
      (await chatOverSocket(server.url, ask("Hello?", { stream: "events", chat_id: "nope" })))
        .frames,
    );
    expect(unknown.at(-1)).toMatchObject({ type: "error", code: "not_found:chat" });
  });

  it("keeps a one-off's head and tail, not the MBs DeepWiki sends with each page", async () => {
    const tree = Array.from({ length: 40_000 }, (_, index) => `src/module-${index}/file.ts`);
    const prompt = `Here is the file tree:\n${tree.join("\n")}\nReturn your answer as XML.`;
    const frames = events(
      (await chatOverSocket(server.url, ask(prompt, { stream: "events" }))).frames,
    );
    const meta = frames.find((frame) => frame.type !== "progress");
    if (meta?.type !== "meta") throw new Error("no meta event");
    const stored = await api<StoredChat>(server.url, `/api/chats/${meta.chat_id}`);
    const question = stored.body.messages[0].content;
    expect(question.length).toBeLessThan(prompt.length / 10);
    expect(question.startsWith("Here is the file tree:\n")).toBe(true);
    expect(question.endsWith("Return your answer as XML.")).toBe(true);
    expect(question).toMatch(/characters omitted/);
    // A conversation the client named keeps its question whole.
    const named = randomUUID();
    await chatOverSocket(server.url, ask(prompt, { chat_id: named }));
    const kept = await api<StoredChat>(server.url, `/api/chats/${named}`);
    expect(kept.body.messages[0].content).toBe(prompt);
  });
});
