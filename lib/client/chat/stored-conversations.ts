import type { ChatSlice, StoredConversations } from "./chat-state";
import { without } from "./chat-state";
import { messagesFromStored, type OpenChat, turnOfResearch } from "./chat-turns";

/** The server's conversations: each repository's list, and each conversation opened, read once per page. */
export const storedConversations: ChatSlice<StoredConversations> = (set, get, deps) => ({
  lists: {},
  chats: {},

  select(repoId, chatId) {
    set(({ activeByRepo }) => ({
      activeByRepo: chatId ? { ...activeByRepo, [repoId]: chatId } : without(activeByRepo, repoId),
    }));
    if (chatId) void get().open(repoId, chatId);
  },

  async open(repoId, chatId) {
    if (get().chats[chatId]) return;
    const kept = (get().research[chatId] ?? []).map(turnOfResearch);
    const chat: OpenChat = { repoId, stored: null, error: null, turns: kept };
    set(({ chats }) => ({ chats: { ...chats, [chatId]: chat } }));
    for (const turn of kept) get().reopenResearch(chatId, turn.id);
    const change = (fields: Partial<OpenChat>) =>
      set(({ chats }) =>
        chats[chatId] ? { chats: { ...chats, [chatId]: { ...chats[chatId], ...fields } } } : {},
      );
    try {
      const stored = await deps.fetchStoredChat(chatId);
      if (stored || kept.length > 0) {
        change({ stored: stored ? messagesFromStored(stored) : [] });
      } else {
        // Deleted elsewhere: the repository shows a new conversation.
        set(({ chats }) => ({ chats: without(chats, chatId) }));
        if (get().activeByRepo[repoId] === chatId) get().select(repoId, null);
      }
    } catch (error) {
      change({ error: (error as Error).message || "The conversation could not be read" });
    }
  },

  async loadList(repoId) {
    try {
      const items = await deps.fetchChatList(repoId);
      set(({ lists }) => ({ lists: { ...lists, [repoId]: items } }));
    } catch {
      // The list on screen stays; the next visit or answer reads it again.
    }
  },

  remove(repoId, chatId) {
    get().stop(chatId);
    set((state) => ({
      chats: without(state.chats, chatId),
      research: without(state.research, chatId),
      lists: {
        ...state.lists,
        [repoId]: (state.lists[repoId] ?? []).filter((item) => item.chat_id !== chatId),
      },
      activeByRepo:
        state.activeByRepo[repoId] === chatId
          ? without(state.activeByRepo, repoId)
          : state.activeByRepo,
    }));
    // Not deleted after all: the list read again shows it again.
    deps.deleteStoredChat(chatId).catch(() => get().loadList(repoId));
  },
});
