import { describe, expect, it } from "vitest";
import type { ChatSummary, StoredChat } from "@/lib/protocol/chats";
import type { Conversation } from "./chat-conversations";
import { conversationsToAdd, messagesFromStored, needsMessages } from "./chat-sync";

let counter = 0;
const newId = () => `id-${++counter}`;

const summary = (fields: Partial<ChatSummary> = {}): ChatSummary => ({
  chat_id: "c1",
  repo_id: "local~shop",
  repo_url: "/repos/shop",
  title: "[DEEP RESEARCH] How is a cart priced?",
  message_count: 2,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-02T00:00:00.000Z",
  ...fields,
});

const local = (chatId: string | null): Conversation => ({
  id: `local-${chatId}`,
  chatId,
  repoId: "local~shop",
  repoUrl: "/repos/shop",
  title: "Mine",
  createdAt: 1,
  updatedAt: 2,
  messages: [{ id: "m1", role: "user", content: "Mine" }],
});

describe("conversations from the server", () => {
  it("adds only those this browser does not hold, titled as the list titles them", () => {
    const added = conversationsToAdd(
      "local~shop",
      [summary(), summary({ chat_id: "c2" }), summary({ chat_id: "c3", message_count: 0 })],
      [local("c2"), local(null)],
      newId,
    );
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      chatId: "c1",
      title: "How is a cart priced?",
      createdAt: Date.parse("2026-01-01T00:00:00.000Z"),
      updatedAt: Date.parse("2026-01-02T00:00:00.000Z"),
      messages: [],
    });
    expect(needsMessages(added[0])).toBe(true);
    expect(needsMessages(local("c2"))).toBe(false);
    expect(needsMessages({ ...local(null), messages: [] })).toBe(false);
  });

  it("shows stored answers as finished, with their sources and checked citations", () => {
    const citation = {
      text: "src/cart.ts:1-3",
      path: "src/cart.ts",
      start_line: 1,
      end_line: 3,
      valid: true,
    };
    const chat: StoredChat = {
      ...summary(),
      messages: [
        {
          role: "user",
          content: "How?",
          commit: "a".repeat(40),
          sources: [],
          citations: [],
          created_at: "",
        },
        {
          role: "assistant",
          content: "Like this src/cart.ts:1-3",
          commit: "a".repeat(40),
          sources: [{ path: "src/cart.ts", start_line: 1, end_line: 9, score: 1 }],
          citations: [citation],
          created_at: "",
        },
      ],
    };
    const [question, answer] = messagesFromStored(chat, newId);
    expect(question).toMatchObject({ role: "user", content: "How?" });
    expect(answer).toMatchObject({
      role: "assistant",
      status: "done",
      citations: [citation],
      commit: "a".repeat(40),
    });
    expect(answer.sources).toHaveLength(1);
  });
});
