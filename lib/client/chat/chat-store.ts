import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { fetchReport } from "../research/research-api";
import { askedTurns } from "./asked-turns";
import { deleteStoredChat, fetchChatList, fetchStoredChat } from "./chat-api";
import { answerWithResearch } from "./chat-research";
import type { ChatState, ChatStoreDeps } from "./chat-state";
import { batchedStorage, keptDefaults, readKept } from "./chat-storage";
import { streamChat } from "./chat-transport";
import { storedConversations } from "./stored-conversations";

// Ask's store. The server owns the conversations: a question goes out as `chat_id` and the
// new message, and a conversation opened is read from the server. The store holds what the
// server does not: the turns asked in this page while they stream (or after they stopped),
// how they travel, and, kept in this browser, the answer language, the Ask panel, the open
// conversation of each repository and Ask's research answers.

export type { AskInput, ChatRun, ChatState } from "./chat-state";

export function createChatStore(deps: ChatStoreDeps) {
  return create<ChatState>()(
    persist(
      (set, get) => ({
        ...keptDefaults,
        ...askedTurns(set, get, deps),
        ...storedConversations(set, get, deps),
      }),
      {
        name: "cartograph.ask",
        storage: createJSONStorage(() => deps.storage),
        // Rehydrated by useChatStoreHydrated after mount: the server render has no storage.
        skipHydration: true,
        partialize: ({ language, askPanelOpen, activeByRepo, research }) => ({
          language,
          askPanelOpen,
          activeByRepo,
          research,
        }),
        merge: (persisted, current) => ({ ...current, ...readKept(persisted) }),
      },
    ),
  );
}

export const useChatStore = createChatStore({
  streamChat,
  answerWithResearch,
  fetchReport,
  fetchChatList,
  fetchStoredChat,
  deleteStoredChat,
  storage: batchedStorage,
});
