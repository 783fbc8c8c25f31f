import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatEvent, ChatRequest } from "@/lib/protocol/chat";
import type { ChatSummary, StoredChat } from "@/lib/protocol/chats";
import type { RunStatus } from "@/lib/protocol/runs";
import type { ResearchAnswerInput, ResearchAnswerUpdate } from "./chat-research";
import type { ChatStoreDeps } from "./chat-state";
import { createChatStore } from "./chat-store";
import type { StreamChatOptions } from "./chat-transport";
import { threadMessages } from "./chat-turns";

const REPO = "local~shop";

const meta: ChatEvent = {
  type: "meta",
  chat_id: "ignored",
  repo: { owner: "local", name: "shop", commit: "c0ffee" },
  provider: "none",
  model: "none",
};
const done: ChatEvent = {
  type: "done",
  finish_reason: "stop",
  usage: { input_tokens: 0, output_tokens: 0, cost: null, estimated: false },
  citations: [],
};

const storedChat = (chatId: string, questions: string[]): StoredChat => ({
  chat_id: chatId,
  repo_id: REPO,
  repo_url: "/repos/shop",
  title: questions[0] ?? "",
  message_count: questions.length * 2,
  created_at: "2025-01-01T00:00:00.000Z",
  updated_at: "2025-01-01T00:00:00.000Z",
  messages: questions.flatMap((question) => [
    {
      role: "user" as const,
      content: question,
      commit: null,
      sources: [],
      citations: [],
      created_at: "",
    },
    {
      role: "assistant" as const,
      content: `About ${question}`,
      commit: "c0ffee",
      sources: [],
      citations: [],
      created_at: "",
    },
  ]),
});

/** A server with stored conversations, a chat stream the test plays, and research runs it plays. */
function setUp() {
  const server = new Map<string, StoredChat>();
  const requests: ChatRequest[] = [];
  let answerWith = async (_request: ChatRequest, options: StreamChatOptions) => {
    for (const event of [meta, { type: "delta", text: "An answer" } as const, done])
      options.onEvent(event);
  };
  const research: { input: ResearchAnswerInput; onUpdate: (u: ResearchAnswerUpdate) => void }[] =
    [];
  let researchWith = async (_signal: AbortSignal) => undefined;
  const kept = new Map<string, string>();
  const deps: ChatStoreDeps = {
    streamChat: async (request, options) => {
      requests.push(request);
      await answerWith(request, options);
      return { transport: "websocket" };
    },
    answerWithResearch: async (input, { signal, onUpdate }) => {
      research.push({ input, onUpdate });
      await researchWith(signal);
    },
    fetchReport: vi.fn(async () => null),
    fetchChatList: vi.fn(
      async (): Promise<ChatSummary[]> =>
        [...server.values()].map(({ messages: _, ...summary }) => summary),
    ),
    fetchStoredChat: vi.fn(async (chatId: string) => server.get(chatId) ?? null),
    deleteStoredChat: vi.fn(async (chatId: string) => void server.delete(chatId)),
    storage: {
      getItem: (key) => kept.get(key) ?? null,
      setItem: (key, value) => void kept.set(key, value),
      removeItem: (key) => void kept.delete(key),
    },
  };
  const store = createChatStore(deps);
  const shown = (chatId: string) => {
    const chat = store.getState().chats[chatId];
    return chat ? threadMessages(chat.stored ?? [], chat.turns) : [];
  };
  const settle = () => vi.waitFor(() => expect(store.getState().runs).toEqual({}));
  return {
    store,
    deps,
    server,
    requests,
    research,
    kept,
    shown,
    settle,
    answerWith: (play: typeof answerWith) => {
      answerWith = play;
    },
    researchWith: (play: typeof researchWith) => {
      researchWith = play;
    },
  };
}

const ask = (question: string, chatId: string | null = null, deepResearch = false) => ({
  repoId: REPO,
  repoUrl: "/repos/shop",
  chatId,
  question,
  language: "en",
  deepResearch,
});

const progress = (runId: string, status: RunStatus) => ({
  run_id: runId,
  status,
  progress: status === "completed" ? 100 : 10,
  phase: "retrieving",
  steps: null,
  queue_position: null,
});

beforeEach(() => vi.useRealTimers());

describe("the chat store", () => {
  it("sends the wiki page being read (title and files) with the question, and marks the question", async () => {
    const { store, requests, shown, settle } = setUp();
    const page = { title: "Cart and discounts", filePaths: ["src/cart.ts", "src/format.ts"] };
    const chatId = store.getState().ask({ ...ask("How is the total computed?"), page });
    await settle();
    expect(requests[0]).toMatchObject({
      chat_id: chatId,
      page_title: "Cart and discounts",
      filePaths: ["src/cart.ts", "src/format.ts"],
      messages: [{ role: "user", content: "How is the total computed?" }],
    });
    expect(shown(chatId)[0]).toMatchObject({ role: "user", page: "Cart and discounts" });
    store.getState().ask(ask("And without a page?", chatId));
    await settle();
    expect(requests[1]).not.toHaveProperty("page_title");
    expect(requests[1]).not.toHaveProperty("filePaths");
  });

  it("sends chat_id and only the new question: the server holds the history", async () => {
    const { store, requests, shown, settle } = setUp();
    const chatId = store.getState().ask(ask("How are prices formatted?"));
    await settle();
    expect(requests[0]).toMatchObject({
      chat_id: chatId,
      messages: [{ role: "user", content: "How are prices formatted?" }],
      stream: "events",
    });
    expect(store.getState().activeByRepo[REPO]).toBe(chatId);
    expect(shown(chatId).map((m) => [m.role, m.content, m.status])).toEqual([
      ["user", "How are prices formatted?", undefined],
      ["assistant", "An answer", "done"],
    ]);

    store.getState().ask(ask("And the currency?", chatId));
    await settle();
    expect(requests[1].messages).toEqual([{ role: "user", content: "And the currency?" }]);
    expect(requests[1].chat_id).toBe(chatId);
  });

  it("opens a conversation from the server and places the turns asked here after it", async () => {
    const { store, server, shown, settle, deps } = setUp();
    server.set("c1", storedChat("c1", ["First?"]));
    store.getState().select(REPO, "c1");
    await vi.waitFor(() => expect(store.getState().chats.c1?.stored).toHaveLength(2));
    store.getState().ask(ask("Second?", "c1"));
    await settle();
    expect(shown("c1").map((m) => m.content)).toEqual([
      "First?",
      "About First?",
      "Second?",
      "An answer",
    ]);
    // Opened once per page.
    await store.getState().open(REPO, "c1");
    expect(deps.fetchStoredChat).toHaveBeenCalledTimes(1);
    // The answer is stored by the server, and listed.
    await vi.waitFor(() => expect(deps.fetchChatList).toHaveBeenCalledWith(REPO));
  });

  it("a stopped answer keeps what was written and says stopped", async () => {
    const { store, answerWith, shown, settle } = setUp();
    answerWith(async (_request, { onEvent, signal }) => {
      onEvent({ type: "delta", text: "Half" });
      await new Promise((_, reject) =>
        signal?.addEventListener("abort", () => reject(new DOMException("stopped", "AbortError"))),
      );
    });
    const chatId = store.getState().ask(ask("Long?"));
    await vi.waitFor(() => expect(shown(chatId)[1]?.content).toBe("Half"));
    store.getState().stop(chatId);
    await settle();
    expect(shown(chatId)[1]).toMatchObject({ status: "stopped", content: "Half" });
  });

  it("says why an answer failed", async () => {
    const { store, answerWith, shown, settle } = setUp();
    answerWith(async (_request, { onEvent }) => {
      onEvent({ type: "error", code: "unavailable:model", message: "The model is down" });
    });
    const chatId = store.getState().ask(ask("Why?"));
    await settle();
    expect(shown(chatId)[1]).toMatchObject({ status: "failed", error: "The model is down" });
  });

  it("answers a deep research with a run, continues the last completed one, and keeps it", async () => {
    const { store, research, shown, settle, kept } = setUp();
    const chatId = store.getState().ask(ask("How is a cart priced?", null, true));
    await vi.waitFor(() => expect(research).toHaveLength(1));
    expect(research[0].input).toMatchObject({ query: "How is a cart priced?", parentId: null });
    research[0].onUpdate({ research: progress("run-1", "in_progress") });
    research[0].onUpdate({ content: "# Report" });
    research[0].onUpdate({ status: "done", research: progress("run-1", "completed") });
    await settle();
    expect(shown(chatId)[1]).toMatchObject({ content: "# Report", status: "done" });
    expect(store.getState().research[chatId]).toEqual([
      expect.objectContaining({
        runId: "run-1",
        status: "done",
        question: "How is a cart priced?",
      }),
    ]);

    store.getState().ask(ask("And tax?", chatId, true));
    await vi.waitFor(() => expect(research).toHaveLength(2));
    expect(research[1].input.parentId).toBe("run-1");
    research[1].onUpdate({ status: "stopped" });
    await settle();
    // Kept in the browser (batched by the real storage; written at once by this one).
    await vi.waitFor(() => expect(kept.get("cartograph.ask")).toContain("run-1"));
  });

  it("follows a research answer kept from an earlier page again, and reads a finished one's report", async () => {
    const first = setUp();
    const chatId = first.store.getState().ask(ask("Still going?", null, true));
    await vi.waitFor(() => expect(first.research).toHaveLength(1));
    first.research[0].onUpdate({ research: progress("run-7", "in_progress") });
    await vi.waitFor(() => expect(first.kept.get("cartograph.ask")).toContain("run-7"));

    // A reload: a new store over the same storage.
    const second = setUp();
    for (const [key, value] of first.kept) second.kept.set(key, value);
    await second.store.persist.rehydrate();
    expect(second.store.getState().activeByRepo[REPO]).toBe(chatId);
    second.store.getState().select(REPO, chatId);
    await vi.waitFor(() => expect(second.research).toHaveLength(1));
    expect(second.research[0].input.runId).toBe("run-7");
    expect(second.shown(chatId).map((m) => m.content)).toEqual(["Still going?", ""]);
    // The server never listed it (research answers are the browser's), yet it is listed.
    expect(second.store.getState().chats[chatId].stored).toEqual([]);
  });

  it("deletes a conversation here and on the server", async () => {
    const { store, server, deps } = setUp();
    server.set("c1", storedChat("c1", ["First?"]));
    await store.getState().loadList(REPO);
    store.getState().select(REPO, "c1");
    store.getState().remove(REPO, "c1");
    expect(store.getState().lists[REPO]).toEqual([]);
    expect(store.getState().activeByRepo[REPO]).toBeUndefined();
    expect(deps.deleteStoredChat).toHaveBeenCalledWith("c1");
  });

  it("shows a new conversation when the open one was deleted elsewhere", async () => {
    const { store } = setUp();
    store.getState().select(REPO, "gone");
    await vi.waitFor(() => expect(store.getState().activeByRepo[REPO]).toBeUndefined());
    expect(store.getState().chats.gone).toBeUndefined();
  });

  it("reads back what it keeps, checked: a damaged entry is dropped", async () => {
    const { store, kept } = setUp();
    kept.set(
      "cartograph.ask",
      JSON.stringify({
        state: {
          language: "fr",
          askPanelOpen: true,
          activeByRepo: { [REPO]: "c1" },
          research: { c1: [{ id: "t", runId: 4 }] },
        },
        version: 0,
      }),
    );
    await store.persist.rehydrate();
    expect(store.getState()).toMatchObject({
      language: "fr",
      askPanelOpen: true,
      activeByRepo: { [REPO]: "c1" },
      research: {},
    });
  });
});
