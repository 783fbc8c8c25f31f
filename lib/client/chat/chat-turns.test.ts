import { describe, expect, it } from "vitest";
import type { ChatEvent } from "@/lib/protocol/chat";
import { foldAnswer } from "./chat-answer";
import type { ConversationMessage } from "./chat-messages";
import {
  conversationRows,
  newTurn,
  serverMessageCount,
  type Turn,
  threadMessages,
} from "./chat-turns";

const said = (content: string, role: "user" | "assistant" = "user"): ConversationMessage => ({
  id: content,
  role,
  content,
  ...(role === "assistant" ? { status: "done" as const } : {}),
});

function turn(question: string, after: number, status: ConversationMessage["status"]): Turn {
  const asked = newTurn({ question, deepResearch: false }, after, question);
  return { ...asked, answer: { ...asked.answer, content: `A: ${question}`, status } };
}

describe("a conversation as shown", () => {
  const stored = [said("Q1"), said("A1", "assistant")];

  it("places the turns asked here after the server's messages they followed", () => {
    const turns = [turn("Q2", 2, "done"), turn("Q3", 4, "streaming")];
    expect(threadMessages(stored, turns).map((m) => m.content)).toEqual([
      "Q1",
      "A1",
      "Q2",
      "A: Q2",
      "Q3",
      "A: Q3",
    ]);
    // What the server holds now: what was read, and the answer finished here since.
    expect(serverMessageCount(stored, turns)).toBe(4);
  });

  it("shows a finished answer once when the server's messages are read again", () => {
    const reread = [...stored, said("Q2"), said("A: Q2", "assistant")];
    const turns = [turn("Q2", 2, "done"), turn("Q3", 4, "stopped")];
    expect(threadMessages(reread, turns).map((m) => m.content)).toEqual([
      "Q1",
      "A1",
      "Q2",
      "A: Q2",
      "Q3",
      "A: Q3",
    ]);
    // A stopped answer is not stored: the next question follows the same four messages.
    expect(serverMessageCount(reread, turns)).toBe(4);
  });
});

describe("the list of conversations", () => {
  it("is the server's list with the conversations asked here that it does not list yet, newest first", () => {
    const listed = [
      {
        chat_id: "old",
        repo_id: "r",
        repo_url: "/r",
        title: "[DEEP RESEARCH] Stored question",
        message_count: 2,
        created_at: "2025-01-01T00:00:00.000Z",
        updated_at: "2025-01-01T00:00:00.000Z",
      },
    ];
    const asked = { ...turn("Asked here", 0, "streaming"), askedAt: Date.parse("2025-02-01") };
    const rows = conversationRows(listed, new Map([["new", [asked]]]));
    expect(rows.map((row) => [row.chatId, row.title])).toEqual([
      ["new", "Asked here"],
      ["old", "Stored question"],
    ]);
  });
});

describe("an answer folded from its events", () => {
  it("streams text, then ends with the checked citations", () => {
    const events: ChatEvent[] = [
      { type: "progress", phase: "indexing", message: "Parsed 1 of 2 files", progress: 50 },
      {
        type: "meta",
        chat_id: "c",
        repo: { owner: "o", name: "n", commit: "abc" },
        provider: "p",
        model: "m",
      },
      { type: "sources", items: [{ path: "a.ts", start_line: 1, end_line: 2, score: 1 }] },
      { type: "delta", text: "See " },
      { type: "delta", text: "a.ts:1-2" },
      {
        type: "done",
        finish_reason: "stop",
        usage: { input_tokens: 1, output_tokens: 1, cost: null, estimated: false },
        citations: [{ text: "a.ts:1-2", path: "a.ts", start_line: 1, end_line: 2, valid: true }],
      },
    ];
    const start: ConversationMessage = {
      id: "a",
      role: "assistant",
      content: "",
      status: "streaming",
    };
    const answer = events.reduce(foldAnswer, start);
    expect(answer).toMatchObject({
      content: "See a.ts:1-2",
      status: "done",
      commit: "abc",
      model: "m",
      indexing: undefined,
    });
    expect(answer.citations).toHaveLength(1);
    expect(foldAnswer(start, { type: "error", code: "x", message: "No" })).toMatchObject({
      status: "failed",
      error: "No",
    });
  });
});
