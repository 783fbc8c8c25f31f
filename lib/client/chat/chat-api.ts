import { z } from "zod";
import {
  type ChatSummary,
  chatListSchema,
  type StoredChat,
  storedChatSchema,
} from "@/lib/protocol/chats";
import { ApiError, requestJson } from "../api/api-request";

// The conversations the server keeps (question, answer, sources, checked citations): the
// list of a repository's, one with its messages, and deleting one.

export function fetchChatList(repoId: string, signal?: AbortSignal): Promise<ChatSummary[]> {
  const query = new URLSearchParams({ repo_id: repoId, limit: "100" });
  return requestJson(`/api/chats?${query}`, chatListSchema, { signal }).then((list) => list.items);
}

/** The conversation with its messages; null when the server has none of that id. */
export async function fetchStoredChat(
  chatId: string,
  signal?: AbortSignal,
): Promise<StoredChat | null> {
  try {
    return await requestJson(`/api/chats/${encodeURIComponent(chatId)}`, storedChatSchema, {
      signal,
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
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
