import { z } from "zod";
import {
  type ChatSummary,
  chatListSchema,
  type StoredChat,
  storedChatSchema,
} from "@/lib/protocol/chats";
import { ApiError, requestJson } from "../api/api-request";
import { type Conversation, type ConversationMessage, titleFrom } from "./chat-conversations";

// The server keeps every conversation Ask had (question, answer, sources, checked citations);
// this browser keeps a richer copy. These bring the server's into the browser's list.

export function fetchChatList(repoId: string, signal?: AbortSignal): Promise<ChatSummary[]> {
  const query = new URLSearchParams({ repo_id: repoId, limit: "100" });
  return requestJson(`/api/chats?${query}`, chatListSchema, { signal }).then((list) => list.items);
}

export function fetchStoredChat(chatId: string, signal?: AbortSignal): Promise<StoredChat> {
  return requestJson(`/api/chats/${encodeURIComponent(chatId)}`, storedChatSchema, { signal });
}

/** Deletes the server's copy; one already gone counts as deleted. */
export async function deleteStoredChat(chatId: string): Promise<void> {
  try {
    await requestJson(`/api/chats/${encodeURIComponent(chatId)}`, z.unknown(), {
      method: "DELETE",
    });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
}

/**
 * A list entry for each stored conversation this browser does not hold yet: no messages
 * until it is opened (then they are read from the server).
 */
export function conversationsToAdd(
  repoId: string,
  stored: readonly ChatSummary[],
  local: readonly Conversation[],
  newId: () => string,
): Conversation[] {
  const known = new Set(local.map((conversation) => conversation.chatId).filter(Boolean));
  return stored
    .filter((chat) => chat.message_count > 0 && !known.has(chat.chat_id))
    .map((chat) => ({
      id: newId(),
      chatId: chat.chat_id,
      repoId,
      repoUrl: chat.repo_url,
      title: titleFrom(chat.title),
      createdAt: Date.parse(chat.created_at),
      updatedAt: Date.parse(chat.updated_at),
      messages: [],
    }));
}

/** True for a list entry whose messages are still on the server only. */
export const needsMessages = (conversation: Conversation) =>
  conversation.chatId !== null && conversation.messages.length === 0;

/** The server's messages as the browser shows them: questions, and finished answers. */
export function messagesFromStored(chat: StoredChat, newId: () => string): ConversationMessage[] {
  return chat.messages.map((message) =>
    message.role === "user"
      ? { id: newId(), role: "user", content: message.content }
      : {
          id: newId(),
          role: "assistant",
          content: message.content,
          status: "done",
          sources: message.sources,
          citations: message.citations,
          ...(message.commit ? { commit: message.commit } : {}),
        },
  );
}
