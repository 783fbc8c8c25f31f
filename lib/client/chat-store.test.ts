import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatEvent, ChatRequest } from "@/lib/protocol/chat";
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
    expect(calls[0].request.chat_id).toBeUndefined();

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

  it("continues a deep research until a conclusion, one iteration per request", async () => {
    const stages = ["plan", "update", "conclusion"] as const;
    answerWith = async (request, { onEvent }) => {
      const iteration = request.messages.filter((m) => m.role === "assistant").length + 1;
      onEvent(meta("research-1"));
      onEvent({ type: "stage", stage: stages[iteration - 1], iteration });
      onEvent({ type: "delta", text: `Iteration ${iteration}` });
      onEvent(done);
    };
    ask({ deepResearch: true, question: "Where is tax computed?" });
    await settle();
    expect(calls.map((call) => call.request.messages.at(-1)?.content)).toEqual([
      "[DEEP RESEARCH] Where is tax computed?",
      "[DEEP RESEARCH] Continue the research",
      "[DEEP RESEARCH] Continue the research",
    ]);
    const answers = useChatStore
      .getState()
      .conversations[0].messages.filter((m) => m.role === "assistant");
    expect(answers.map((m) => m.stage?.stage)).toEqual(["plan", "update", "conclusion"]);
  });

  it("gives up a deep research after five iterations even without a conclusion", async () => {
    answerWith = async (request, { onEvent }) => {
      const iteration = request.messages.filter((m) => m.role === "assistant").length + 1;
      onEvent({ type: "stage", stage: "update", iteration });
      onEvent({ type: "delta", text: "More" });
      onEvent(done);
    };
    ask({ deepResearch: true });
    await settle();
    expect(calls).toHaveLength(5);
  });

  it("stops: the answer is marked stopped and the research does not continue", async () => {
    answerWith = (_request, { onEvent, signal }) =>
      new Promise((_resolve, reject) => {
        onEvent({ type: "stage", stage: "plan", iteration: 1 });
        onEvent({ type: "delta", text: "Half" });
        signal?.addEventListener("abort", () => reject(new DOMException("stopped", "AbortError")));
      });
    const id = ask({ deepResearch: true });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    useChatStore.getState().stop(id);
    await settle();
    expect(calls).toHaveLength(1);
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
    expect(calls.at(-1)?.request.chat_id).toBeUndefined();
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
