import { randomUUID } from "node:crypto";
import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import type { chats } from "../db/schema";
import { AppError } from "../errors";
import type { ChatMessage, ChatRequest } from "../protocol/chat";
import {
  appendMessages,
  createChatWithId,
  getChatById,
  listMessages,
  markChatListed,
  pruneUnlistedChats,
} from "./queries";

/** How long an unlisted conversation (an external client's one-off prompt) is kept. */
const UNLISTED_KEPT_MS = 24 * 60 * 60 * 1000;

/** A client-chosen conversation id: a UUID, so ids of different clients never meet. */
const CLIENT_CHAT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Conversation {
  chatId: string;
  /** Listed in the user's conversations (its client named it); else a one-off. */
  listed: boolean;
  /** What the model is shown: the stored turns continued, or the request's own history. */
  history: ChatMessage[];
  /**
   * A one-off's row, stored with its first turn (saveTurn): nothing is written before the
   * model is asked.
   */
  unsaved?: typeof chats.$inferInsert & { id: string };
}

/**
 * The conversation a request belongs to. With `chat_id` it is the user's conversation of
 * that id, created under it when the id is a new UUID (Cartograph's client names its
 * conversations before the first answer), and listed in the user's conversations. Without
 * `chat_id` the request is a one-off (DeepWiki's client sends each wiki page's prompt that
 * way, with the whole history): it is stored unlisted, once answered (saveTurn), so it
 * never floods the Ask list. The request's messages win when it sends history.
 */
export async function conversationOf(
  db: Database,
  request: ChatRequest,
  principal: Principal,
  repoId: string,
): Promise<Conversation> {
  const fresh = {
    userId: principal.userId,
    repoId,
    repoUrl: request.repo_url,
    title: titleOf(request),
  };
  if (!request.chat_id) {
    const unsaved = { ...fresh, id: randomUUID(), listed: false };
    return { chatId: unsaved.id, listed: false, history: request.messages, unsaved };
  }
  let chat = await getChatById(db, { id: request.chat_id });
  if (!chat && CLIENT_CHAT_ID.test(request.chat_id)) {
    chat =
      (await createChatWithId(db, { ...fresh, id: request.chat_id.toLowerCase() })) ??
      (await getChatById(db, { id: request.chat_id.toLowerCase() }));
  }
  if (!chat || chat.userId !== principal.userId)
    throw new AppError("not_found:chat", "Conversation not found");
  if (!chat.listed) await markChatListed(db, { id: chat.id });
  if (request.messages.length > 1)
    return { chatId: chat.id, listed: true, history: request.messages };
  const stored = (await listMessages(db, { chatId: chat.id })).map((row) => ({
    role: row.role,
    content: row.content,
  }));
  return { chatId: chat.id, listed: true, history: [...stored, ...request.messages] };
}

const PRUNE_EVERY_MS = 60_000;
const lastPruned = new Map<string, number>();

/**
 * Stores a turn of a conversation; a one-off's conversation is created with it, and the
 * user's one-offs older than a day are let go.
 */
export async function saveTurn(
  db: Database,
  conversation: Conversation,
  rows: Parameters<typeof appendMessages>[1]["rows"],
  /** Model calls of the turn's answer (its last row). */
  callIds: string[] = [],
): Promise<number[]> {
  const { unsaved } = conversation;
  if (unsaved) {
    // A day's one-offs are let go at most once a minute per user, not with every prompt.
    const now = Date.now();
    if (now - (lastPruned.get(unsaved.userId) ?? 0) >= PRUNE_EVERY_MS) {
      lastPruned.set(unsaved.userId, now);
      await pruneUnlistedChats(db, {
        userId: unsaved.userId,
        before: new Date(now - UNLISTED_KEPT_MS),
      });
    }
  }
  // A one-off's conversation is created by the same statement that stores its turn.
  return appendMessages(db, { chatId: conversation.chatId, rows, create: unsaved, callIds });
}

function titleOf(request: ChatRequest): string {
  const first = request.messages.find((message) => message.role === "user")?.content ?? "";
  return first.replace(/^\[DEEP RESEARCH\]\s*/, "").slice(0, 120);
}
