import { useEffect, useMemo } from "react";
import { type ChatRun, useChatStore } from "./chat-store";
import {
  type ConversationRow,
  conversationRows,
  threadMessages,
  turnOfResearch,
} from "./chat-turns";
import { useChatStoreHydrated } from "./use-chat-store-hydrated";

/**
 * A repository's conversations, newest first: the server's list (read when the list is
 * shown) and those asked here that it does not list. Null until the browser's state is read.
 */
export function useConversationRows(repoId: string): ConversationRow[] | null {
  const hydrated = useChatStoreHydrated();
  const listed = useChatStore((state) => state.lists[repoId]);
  const chats = useChatStore((state) => state.chats);
  const research = useChatStore((state) => state.research);
  const loadList = useChatStore((state) => state.loadList);

  useEffect(() => {
    if (hydrated) void loadList(repoId);
  }, [hydrated, repoId, loadList]);

  return useMemo(() => {
    if (!hydrated) return null;
    const local = new Map<string, ReturnType<typeof turnOfResearch>[]>();
    for (const [chatId, kept] of Object.entries(research)) {
      if (kept[0]?.repoId === repoId) local.set(chatId, kept.map(turnOfResearch));
    }
    for (const [chatId, chat] of Object.entries(chats)) {
      if (chat.repoId === repoId) local.set(chatId, chat.turns);
    }
    return conversationRows(listed ?? [], local);
  }, [hydrated, listed, chats, research, repoId]);
}

export interface OpenConversation {
  /** Null for a new conversation. */
  chatId: string | null;
  messages: ReturnType<typeof threadMessages>;
  /** The server's messages are being read. */
  loading: boolean;
  error: string | null;
  run: ChatRun | null;
  /** The browser's state is read (before, nothing is known of the conversations). */
  hydrated: boolean;
}

/** The repository's open conversation as shown: the server's messages and the turns asked here. */
export function useOpenConversation(repoId: string): OpenConversation {
  const hydrated = useChatStoreHydrated();
  const chatId = useChatStore((state) => state.activeByRepo[repoId] ?? null);
  const chat = useChatStore((state) => (chatId ? state.chats[chatId] : undefined));
  const run = useChatStore((state) => (chatId ? (state.runs[chatId] ?? null) : null));
  const open = useChatStore((state) => state.open);

  useEffect(() => {
    if (hydrated && chatId) void open(repoId, chatId);
  }, [hydrated, repoId, chatId, open]);

  const messages = useMemo(
    () => (chat ? threadMessages(chat.stored ?? [], chat.turns) : []),
    [chat],
  );
  return {
    chatId,
    messages,
    loading: Boolean(chatId) && (!chat || chat.stored === null) && !chat?.error,
    error: chat?.error ?? null,
    run,
    hydrated,
  };
}
