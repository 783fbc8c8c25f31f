import type { ChatSummary, StoredChat } from "@/lib/protocol/chats";
import { type ConversationMessage, titleFrom } from "./chat-messages";
import type { ResearchTurn } from "./chat-storage";

/** A conversation of this page: the server's messages as read (null while reading), the turns asked here. */
export interface OpenChat {
  repoId: string;
  stored: ConversationMessage[] | null;
  error: string | null;
  turns: Turn[];
}

/** The conversations with one answer changed. */
export function withAnswer(
  chats: Record<string, OpenChat>,
  chatId: string,
  turnId: string,
  change: (answer: ConversationMessage) => ConversationMessage,
): Record<string, OpenChat> {
  const chat = chats[chatId];
  if (!chat) return chats;
  const changed = chat.turns.map((turn) =>
    turn.id === turnId ? { ...turn, answer: change(turn.answer) } : turn,
  );
  return { ...chats, [chatId]: { ...chat, turns: changed } };
}

/** A question asked in this page and its answer, placed after the server's messages it followed. */
export interface Turn {
  id: string;
  /** How many of the server's stored messages come before it. */
  after: number;
  question: ConversationMessage;
  answer: ConversationMessage;
  /** When it was asked (ms since the epoch). */
  askedAt: number;
}

/**
 * A chat answer the server has stored: it is among the server's messages once they are
 * read again. (A stopped or failed answer is not stored, nor is a research answer: those
 * stay turns of this page.)
 */
const storedBy = (turn: Turn, storedCount: number) =>
  turn.answer.status === "done" && !turn.answer.research && turn.after + 2 <= storedCount;

/** The conversation as shown: the server's messages with the turns asked here in place, each once. */
export function threadMessages(
  stored: readonly ConversationMessage[],
  turns: readonly Turn[],
): ConversationMessage[] {
  const shown: ConversationMessage[] = [];
  let at = 0;
  const pending = turns.filter((turn) => !storedBy(turn, stored.length));
  for (const turn of [...pending].sort((a, b) => a.after - b.after)) {
    shown.push(...stored.slice(at, Math.max(at, turn.after)));
    at = Math.max(at, turn.after);
    shown.push(turn.question, turn.answer);
  }
  shown.push(...stored.slice(at));
  return shown;
}

/** How many messages the server holds now: those read, and the chat answers finished here since. */
export function serverMessageCount(
  stored: readonly ConversationMessage[],
  turns: readonly Turn[],
): number {
  const finishedHere = turns.filter(
    (turn) =>
      turn.answer.status === "done" && !turn.answer.research && !storedBy(turn, stored.length),
  );
  return stored.length + 2 * finishedHere.length;
}

/** The server's messages as Ask shows them: questions, and finished answers. */
export function messagesFromStored(chat: StoredChat): ConversationMessage[] {
  return chat.messages.map((message, index) =>
    message.role === "user"
      ? { id: `${chat.chat_id}:${index}`, role: "user", content: message.content }
      : {
          id: `${chat.chat_id}:${index}`,
          role: "assistant",
          content: message.content,
          status: "done",
          sources: message.sources,
          citations: message.citations,
          ...(message.commit ? { commit: message.commit } : {}),
          ...(message.usage ? { usage: message.usage } : {}),
        },
  );
}

/** One row of a repository's conversations. */
export interface ConversationRow {
  chatId: string;
  title: string;
  updatedAt: number;
}

/**
 * The repository's conversations, newest first: the server's list, and those asked here
 * that it does not list (yet: a new one until its first answer is stored; ever: one that
 * has only research answers).
 */
export function conversationRows(
  listed: readonly ChatSummary[],
  local: ReadonlyMap<string, readonly Turn[]>,
): ConversationRow[] {
  const rows = new Map<string, ConversationRow>();
  for (const chat of listed) {
    rows.set(chat.chat_id, {
      chatId: chat.chat_id,
      title: titleFrom(chat.title),
      updatedAt: Date.parse(chat.updated_at),
    });
  }
  for (const [chatId, turns] of local) {
    if (turns.length === 0) continue;
    const askedAt = Math.max(...turns.map((turn) => turn.askedAt));
    const known = rows.get(chatId);
    rows.set(chatId, {
      chatId,
      title: known?.title ?? titleFrom(turns[0].question.content),
      updatedAt: Math.max(known?.updatedAt ?? 0, askedAt),
    });
  }
  return [...rows.values()].sort((a, b) => b.updatedAt - a.updatedAt);
}

/** A question just asked, and its answer about to stream. */
export function newTurn(
  input: {
    question: string;
    filePath?: string | null;
    page?: { title: string } | null;
    deepResearch: boolean;
  },
  after: number,
  id: string,
): Turn {
  const question = input.question.trim();
  return {
    id,
    after,
    askedAt: Date.now(),
    question: {
      id: `${id}:q`,
      role: "user",
      content: question,
      ...(input.deepResearch ? { deepResearch: true } : {}),
      ...(input.filePath && !input.deepResearch ? { filePath: input.filePath } : {}),
      ...(input.page && !input.deepResearch ? { page: input.page.title } : {}),
    },
    answer: { id, role: "assistant", content: "", status: "streaming" },
  };
}

const runStatusOf = {
  streaming: "in_progress",
  done: "completed",
  failed: "failed",
  stopped: "cancelled",
} as const;

/** A research answer kept from an earlier page, until its run or report is read again. */
export function turnOfResearch(kept: ResearchTurn): Turn {
  const { answer, ...turn } = newTurn(
    { question: kept.question, deepResearch: true },
    kept.after,
    kept.id,
  );
  return {
    ...turn,
    askedAt: kept.askedAt,
    answer: {
      ...answer,
      status: kept.status,
      ...(kept.error ? { error: kept.error } : {}),
      research: {
        run_id: kept.runId,
        status: runStatusOf[kept.status],
        progress: kept.status === "done" ? 100 : 0,
        phase: "",
        steps: null,
        queue_position: null,
      },
    },
  };
}

/**
 * The research answers kept for a conversation once one of them changed: kept when its run
 * has an id, and again when it ends (not for each streamed piece).
 */
export function keptResearch(
  kept: readonly ResearchTurn[],
  chat: OpenChat,
  turnId: string,
): ResearchTurn[] | null {
  const turn = chat.turns.find((known) => known.id === turnId);
  const now = turn && researchTurnOf(turn, chat.repoId);
  const before = kept.find((entry) => entry.id === turnId);
  if (!now || (before?.runId === now.runId && before.status === now.status)) return null;
  return [...kept.filter((entry) => entry.id !== turnId), now];
}

function researchTurnOf(turn: Turn, repoId: string): ResearchTurn | null {
  const { answer } = turn;
  if (!answer.research) return null;
  return {
    id: turn.id,
    repoId,
    question: turn.question.content,
    runId: answer.research.run_id,
    after: turn.after,
    askedAt: turn.askedAt,
    status: answer.status ?? "streaming",
    ...(answer.error ? { error: answer.error } : {}),
  };
}
