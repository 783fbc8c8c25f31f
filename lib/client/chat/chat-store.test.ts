import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatEvent, ChatRequest } from "@/lib/protocol/chat";
import type { RunStatus } from "@/lib/protocol/runs";
import type { ResearchProgress } from "./chat-conversations";
import type { ResearchAnswerInput, ResearchAnswerUpdate } from "./chat-research";
import type { StreamChatOptions } from "./chat-transport";

/** Each call of the mocked transport: the request and a way to play the server's answer. */
const calls: { request: ChatRequest; options: StreamChatOptions }[] = [];
let answerWith: (request: ChatRequest, options: StreamChatOptions) => Promise<void>;

vi.mock("./chat-transport", async (original) => ({
  ...(await original<typeof import("./chat-transport")>()),
  streamChat: async (request: ChatRequest, options: StreamChatOptions) => {
    calls.push({ request, options });
    await answerWith(request, options);
    return { transport: "websocket" };
  },
}));

/** Each deep research the store started, and a way to play the run. */
const researchCalls: { input: ResearchAnswerInput }[] = [];
let researchWith: (
  input: ResearchAnswerInput,
  hooks: { signal: AbortSignal; onUpdate: (update: ResearchAnswerUpdate) => void },
) => Promise<void>;

vi.mock("./chat-research", () => ({
  answerWithResearch: async (
    input: ResearchAnswerInput,
    hooks: { signal: AbortSignal; onUpdate: (update: ResearchAnswerUpdate) => void },
  ) => {
    researchCalls.push({ input });
    await researchWith(input, hooks);
  },
}));

const progress = (runId: string, status: RunStatus): ResearchProgress => ({
  run_id: runId,
  status,
  progress: status === "completed" ? 100 : 10,
  phase: "retrieving",
  steps: null,
  queue_position: null,
});

const { useChatStore } = await import("./chat-store");

const meta = (chatId: string): ChatEvent => ({
  type: "meta",
  chat_id: chatId,
  repo: { owner: "local", name: "shop", commit: "c0ffee" },
  provider: "none",
  model: "none",
});
const done: ChatEvent = {
  type: "done",
  finish_reason: "stop",
  usage: { input_tokens: 0, output_tokens: 0 },
  citations: [],
};

/** Saves are batched (300 ms): let one still waiting be written before storage is replaced. */
const batchedSaveLanded = () => new Promise((resolve) => setTimeout(resolve, 400));

async function settle() {
  await vi.waitFor(() => expect(Object.keys(useChatStore.getState().runs)).toEqual([]));
}

const stored = new Map<string, string>();

beforeEach(() => {
  calls.length = 0;
  researchCalls.length = 0;
  stored.clear();
  vi.stubGlobal("window", {
    localStorage: {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => stored.set(key, value),
      removeItem: (key: string) => stored.delete(key),
    },
  });
  useChatStore.setState({ conversations: [], activeByRepo: {}, runs: {} });
});
afterEach(() => vi.unstubAllGlobals());

const ask = (fields: Partial<Parameters<ReturnType<typeof useChatStore.getState>["ask"]>[0]>) =>
  useChatStore.getState().ask({
    repoId: "local~shop",
    repoUrl: "/tmp/shop",
    conversationId: null,
    question: "How is a discount applied?",
    language: "en",
    deepResearch: false,
    ...fields,
  });

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("the chat store", () => {
  it("streams an answer into a new conversation and continues it with chat_id and history", async () => {
    answerWith = async (_request, { onEvent }) => {
      onEvent(meta("chat-1"));
      onEvent({ type: "delta", text: "It is " });
      onEvent({ type: "delta", text: "bounded." });
      onEvent(done);
    };
    const id = ask({ filePath: "src/cart.ts" });
    await settle();
    let conversation = useChatStore.getState().conversations[0];
    expect(conversation).toMatchObject({
      id,
      chatId: "chat-1",
      title: "How is a discount applied?",
    });
    expect(conversation.messages.at(-1)).toMatchObject({
      role: "assistant",
      content: "It is bounded.",
      status: "done",
      commit: "c0ffee",
    });
    expect(calls[0].request).toMatchObject({ filePath: "src/cart.ts", language: "en" });
    // The client names the conversation before its first answer, so the server lists it.
    expect(calls[0].request.chat_id).toMatch(UUID_V4);

    ask({ conversationId: id, question: "And below zero?" });
    await settle();
    expect(calls[1].request.chat_id).toBe("chat-1");
    expect(calls[1].request.messages).toEqual([
      { role: "user", content: "How is a discount applied?" },
      { role: "assistant", content: "It is bounded." },
      { role: "user", content: "And below zero?" },
    ]);
    conversation = useChatStore.getState().conversations[0];
    expect(conversation.messages).toHaveLength(4);
  });

  it("answers a deep research with a research run: its report streams into the answer", async () => {
    researchWith = async (_input, { onUpdate }) => {
      onUpdate({ research: progress("run-1", "in_progress") });
      onUpdate({ content: "# Tax\n\nPart" });
      onUpdate({ content: "# Tax\n\nPart two", research: progress("run-1", "completed") });
      onUpdate({ status: "done", commit: "c0ffee" });
    };
    ask({ deepResearch: true, question: "Where is tax computed?" });
    await settle();
    expect(calls).toEqual([]);
    expect(researchCalls.map((call) => call.input)).toEqual([
      { query: "Where is tax computed?", repoUrl: "/tmp/shop", language: "en", parentId: null },
    ]);
    const [question, answer] = useChatStore.getState().conversations[0].messages;
    expect(question).toMatchObject({ content: "Where is tax computed?", deepResearch: true });
    expect(answer).toMatchObject({
      role: "assistant",
      content: "# Tax\n\nPart two",
      status: "done",
      research: { run_id: "run-1", status: "completed" },
    });
  });

  it("continues the conversation's last completed research with its run as parent", async () => {
    researchWith = async (_input, { onUpdate }) => {
      onUpdate({ research: progress(`run-${researchCalls.length}`, "completed") });
      onUpdate({ content: `Report ${researchCalls.length}`, status: "done" });
    };
    const id = ask({ deepResearch: true, question: "First?" });
    await settle();
    ask({ deepResearch: true, question: "And then?", conversationId: id });
    await settle();
    expect(researchCalls.map((call) => call.input.parentId)).toEqual([null, "run-1"]);
  });

  it("stops: the research is cancelled through the signal and the answer marked stopped", async () => {
    researchWith = (_input, { onUpdate, signal }) =>
      new Promise((resolve) => {
        onUpdate({ research: progress("run-1", "in_progress"), content: "Half" });
        signal.addEventListener("abort", () => {
          onUpdate({ status: "stopped" });
          resolve();
        });
      });
    const id = ask({ deepResearch: true });
    await vi.waitFor(() => expect(researchCalls).toHaveLength(1));
    useChatStore.getState().stop(id);
    await settle();
    expect(useChatStore.getState().conversations[0].messages.at(-1)).toMatchObject({
      status: "stopped",
      content: "Half",
    });
  });

  it("starts the conversation afresh when the server no longer knows its chat_id", async () => {
    answerWith = async (request, { onEvent }) => {
      if (request.chat_id === "gone") {
        onEvent({ type: "error", code: "not_found:chat", message: "Conversation not found" });
        return;
      }
      onEvent(meta("fresh"));
      onEvent({ type: "delta", text: "Answer" });
      onEvent(done);
    };
    const id = ask({});
    await settle();
    useChatStore.setState((state) => ({
      conversations: state.conversations.map((c) => ({ ...c, chatId: "gone" })),
    }));
    ask({ conversationId: id, question: "Next?" });
    await settle();
    const conversation = useChatStore.getState().conversations[0];
    expect(conversation.chatId).toBe("fresh");
    expect(conversation.messages.map((m) => m.status ?? m.role)).toEqual([
      "user",
      "done",
      "user",
      "done",
    ]);
    expect(calls.at(-1)?.request.chat_id).toMatch(UUID_V4);
  });

  it("keeps the conversations across a reload, an interrupted answer as stopped", async () => {
    answerWith = (_request, { onEvent }) =>
      new Promise(() => onEvent({ type: "delta", text: "Cut off" }));
    const id = ask({});
    await vi.waitFor(() =>
      expect(useChatStore.getState().conversations[0].messages.at(-1)?.content).toBe("Cut off"),
    );
    // Saving is batched: wait for the write that holds the partial answer.
    await vi.waitFor(() => expect(stored.get("cartograph.conversations")).toContain("Cut off"));
    const saved = stored.get("cartograph.conversations");
    // A new page: nothing in memory, what was saved in storage.
    useChatStore.setState({ conversations: [], activeByRepo: {}, runs: {} });
    await batchedSaveLanded();
    stored.set("cartograph.conversations", saved ?? "");
    await useChatStore.persist.rehydrate();
    const state = useChatStore.getState();
    expect(state.activeByRepo["local~shop"]).toBe(id);
    expect(state.conversations[0].messages.at(-1)).toMatchObject({
      content: "Cut off",
      status: "stopped",
    });
  });

  it("drops stored conversations that are damaged", async () => {
    await batchedSaveLanded();
    stored.set(
      "cartograph.conversations",
      JSON.stringify({
        state: { conversations: [{ id: "x", messages: "not a list" }], activeByRepo: { r: "x" } },
        version: 1,
      }),
    );
    await useChatStore.persist.rehydrate();
    expect(useChatStore.getState().conversations).toEqual([]);
    expect(useChatStore.getState().activeByRepo).toEqual({});
  });
});
