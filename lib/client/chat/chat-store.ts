import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import type { ChatEvent, ChatRequest } from "@/lib/protocol/chat";
import {
  answerFieldsOf,
  type Conversation,
  type ConversationMessage,
  newChatId,
  requestMessages,
  researchToContinue,
  titleFrom,
} from "./chat-conversations";
import { DEFAULT_LANGUAGE } from "./chat-languages";
import { answerWithResearch } from "./chat-research";
import { batchedStorage, readStored } from "./chat-storage";
import {
  conversationsToAdd,
  deleteStoredChat,
  fetchChatList,
  fetchStoredChat,
  messagesFromStored,
  needsMessages,
} from "./chat-sync";
import { type ChatTransport, isAbortError, streamChat } from "./chat-transport";

export interface AskInput {
  repoId: string;
  repoUrl: string;
  /** The conversation to continue; null starts a new one. */
  conversationId: string | null;
  question: string;
  filePath?: string | null;
  language: string;
  /** Answers with a research run (continuing the conversation's last one, if any). */
  deepResearch: boolean;
}

/** A conversation being answered now (not stored). */
export interface ChatRun {
  deepResearch: boolean;
  /** Null until the first answer of the run has settled on one. */
  transport: ChatTransport | null;
}

export interface ChatState {
  conversations: Conversation[];
  /** The open conversation of each repository; none means a new one. */
  activeByRepo: Record<string, string>;
  language: string;
  askPanelOpen: boolean;
  runs: Record<string, ChatRun>;
  /** Asks; returns the id of the conversation that answers. */
  ask(input: AskInput): string;
  /** Stops the answer: closes its socket or request, or cancels its research run. */
  stop(conversationId: string): void;
  /** Follows again a research answer that was still being written when the page was left. */
  resumeResearch(conversationId: string): void;
  /** Opens a conversation (reading its messages from the server when only it has them). */
  select(repoId: string, conversationId: string | null): void;
  /** Deletes a conversation here and on the server. */
  remove(conversationId: string): void;
  /** Adds the server's conversations of a repository this browser does not hold yet. */
  syncRepo(repoId: string): Promise<void>;
  /** Server conversations deleted here whose deletion the server has not confirmed yet. */
  deletedChats: string[];
  /** Conversations whose messages are being read from the server. */
  loadingMessages: Record<string, true>;
  /** Why a conversation's messages could not be read, by conversation. */
  loadErrors: Record<string, string>;
  setLanguage(language: string): void;
  setAskPanelOpen(open: boolean): void;
}

const STORAGE_KEY = "cartograph.conversations";
/** The newest conversations kept in the browser; older ones are dropped when saving. */
const KEPT_CONVERSATIONS = 100;
/** Deltas are applied at most this often: a store write per token would re-render per token. */
const DELTA_FLUSH_MS = 40;

const controllers = new Map<string, AbortController>();

/** `crypto.randomUUID` exists only in secure contexts; a LAN address over http is not one. */
const newId = () =>
  globalThis.crypto?.randomUUID?.() ??
  `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export const useChatStore = create<ChatState>()(
  persist(
    (set, get) => {
      const updateConversation = (id: string, update: (c: Conversation) => Conversation) =>
        set((state) => ({
          conversations: state.conversations.map((c) => (c.id === id ? update(c) : c)),
        }));
      const appendMessage = (id: string, message: ConversationMessage) =>
        updateConversation(id, (c) => ({
          ...c,
          messages: [...c.messages, message],
          updatedAt: Date.now(),
        }));
      const updateMessage = (
        id: string,
        messageId: string,
        patch: (m: ConversationMessage) => Partial<ConversationMessage>,
      ) =>
        updateConversation(id, (c) => ({
          ...c,
          messages: c.messages.map((m) => (m.id === messageId ? { ...m, ...patch(m) } : m)),
        }));
      const setRun = (id: string, run: ChatRun | null) =>
        set((state) => {
          const runs = { ...state.runs };
          if (run) runs[id] = run;
          else delete runs[id];
          return { runs };
        });

      /** One request and its streamed answer; resolves with the answer as it ended. */
      async function answerOnce(
        id: string,
        options: { filePath?: string | null; language: string },
        signal: AbortSignal,
        retried = false,
      ): Promise<ConversationMessage | undefined> {
        const conversation = get().conversations.find((c) => c.id === id);
        if (!conversation) return undefined;
        // The conversation is named before its first answer: the server stores it under this
        // id and lists it (a request without one is an external client's one-off).
        const chatId = conversation.chatId ?? newChatId();
        if (!conversation.chatId) updateConversation(id, (c) => ({ ...c, chatId }));
        const request: ChatRequest = {
          repo_url: conversation.repoUrl,
          messages: requestMessages(conversation.messages),
          language: options.language,
          ...(options.filePath ? { filePath: options.filePath } : {}),
          chat_id: chatId,
          stream: "events",
        };
        const answerId = newId();
        appendMessage(id, { id: answerId, role: "assistant", content: "", status: "streaming" });
        const patch = (fields: Partial<ConversationMessage>) =>
          updateMessage(id, answerId, () => fields);

        let pending = "";
        let timer: ReturnType<typeof setTimeout> | undefined;
        const flush = () => {
          clearTimeout(timer);
          timer = undefined;
          if (!pending) return;
          const text = pending;
          pending = "";
          updateMessage(id, answerId, (m) => ({ content: m.content + text }));
        };
        const outcome: { error: Extract<ChatEvent, { type: "error" }> | null } = { error: null };
        const onEvent = (event: ChatEvent) => {
          if (event.type === "delta") {
            pending += event.text;
            timer ??= setTimeout(flush, DELTA_FLUSH_MS);
            return;
          }
          flush();
          if (event.type === "meta")
            updateConversation(id, (c) => ({ ...c, chatId: event.chat_id }));
          if (event.type === "error") outcome.error = event;
          const fields = answerFieldsOf(event);
          if (fields) patch(fields);
        };
        const onTransport = (transport: ChatTransport) => {
          patch({ transport });
          const run = get().runs[id];
          if (run) setRun(id, { ...run, transport });
        };

        try {
          await streamChat(request, { signal, onEvent, onTransport });
          flush();
          const failure = outcome.error;
          if (failure?.code === "not_found:chat" && !retried) {
            // The server no longer has this conversation (a new data directory): start it
            // afresh there, with the whole history from here.
            updateConversation(id, (c) => ({
              ...c,
              chatId: null,
              messages: c.messages.filter((m) => m.id !== answerId),
            }));
            return answerOnce(id, options, signal, true);
          }
          patch(failure ? { status: "failed", error: failure.message } : { status: "done" });
        } catch (error) {
          flush();
          if (isAbortError(error)) patch({ status: "stopped" });
          else patch({ status: "failed", error: (error as Error).message || "The answer failed" });
        }
        return get()
          .conversations.find((c) => c.id === id)
          ?.messages.find((m) => m.id === answerId);
      }

      /** The answer is a research run's report, streamed into it and linked to the run's page. */
      async function answerWithRun(
        id: string,
        options: { language: string },
        signal: AbortSignal,
        resume?: { answerId: string; runId: string },
      ): Promise<void> {
        const conversation = get().conversations.find((c) => c.id === id);
        if (!conversation) return;
        const question = conversation.messages.findLast((m) => m.role === "user");
        const answerId = resume?.answerId ?? newId();
        if (!resume) {
          appendMessage(id, { id: answerId, role: "assistant", content: "", status: "streaming" });
        }
        await answerWithResearch(
          {
            query: question?.content ?? "",
            repoUrl: conversation.repoUrl,
            language: options.language,
            parentId: resume ? null : researchToContinue(conversation.messages),
            runId: resume?.runId,
          },
          { signal, onUpdate: (fields) => updateMessage(id, answerId, () => fields) },
        );
      }

      /** Answers the last question, by a chat answer or a research run. */
      async function run(
        id: string,
        options: { filePath?: string | null; language: string; deepResearch: boolean },
        resume?: { answerId: string; runId: string },
      ) {
        const controller = new AbortController();
        controllers.set(id, controller);
        setRun(id, { deepResearch: options.deepResearch, transport: null });
        try {
          if (options.deepResearch) await answerWithRun(id, options, controller.signal, resume);
          else await answerOnce(id, options, controller.signal);
        } finally {
          if (controllers.get(id) === controller) controllers.delete(id);
          setRun(id, null);
        }
      }

      /** Deletes the server's copy; forgotten once the server confirms. */
      async function deleteOnServer(chatId: string) {
        try {
          await deleteStoredChat(chatId);
          set((state) => ({ deletedChats: state.deletedChats.filter((id) => id !== chatId) }));
        } catch (error) {
          console.warn("[chat] the server's copy could not be deleted:", (error as Error).message);
        }
      }

      /** Reads a conversation's messages from the server, once at a time. */
      async function loadMessages(conversation: Conversation) {
        const { id, chatId } = conversation;
        if (!chatId || get().loadingMessages[id]) return;
        set((state) => ({ loadingMessages: { ...state.loadingMessages, [id]: true } }));
        try {
          const stored = await fetchStoredChat(chatId);
          updateConversation(id, (c) =>
            c.messages.length > 0 ? c : { ...c, messages: messagesFromStored(stored, newId) },
          );
          set((state) => ({ loadErrors: withoutKey(state.loadErrors, id) }));
        } catch (error) {
          set((state) => ({
            loadErrors: {
              ...state.loadErrors,
              [id]: (error as Error).message || "The conversation could not be read",
            },
          }));
        } finally {
          set((state) => ({ loadingMessages: withoutKey(state.loadingMessages, id) }));
        }
      }

      return {
        conversations: [],
        activeByRepo: {},
        language: DEFAULT_LANGUAGE,
        askPanelOpen: false,
        runs: {},

        ask(input) {
          const question = input.question.trim();
          const message: ConversationMessage = {
            id: newId(),
            role: "user",
            content: question,
            ...(input.deepResearch ? { deepResearch: true } : {}),
            ...(input.filePath && !input.deepResearch ? { filePath: input.filePath } : {}),
          };
          let id = input.conversationId;
          const existing = id ? get().conversations.find((c) => c.id === id) : undefined;
          if (existing && id) {
            appendMessage(id, message);
          } else {
            const now = Date.now();
            id = newId();
            const created: Conversation = {
              id,
              chatId: null,
              repoId: input.repoId,
              repoUrl: input.repoUrl,
              title: titleFrom(question),
              createdAt: now,
              updatedAt: now,
              messages: [message],
            };
            set((state) => ({ conversations: [created, ...state.conversations] }));
          }
          const conversationId = id;
          set((state) => ({
            activeByRepo: { ...state.activeByRepo, [input.repoId]: conversationId },
          }));
          void run(conversationId, {
            filePath: input.filePath,
            language: input.language,
            deepResearch: input.deepResearch,
          });
          return conversationId;
        },

        stop(conversationId) {
          controllers.get(conversationId)?.abort();
        },

        resumeResearch(conversationId) {
          if (controllers.has(conversationId)) return;
          const conversation = get().conversations.find((c) => c.id === conversationId);
          const answer = conversation?.messages.at(-1);
          if (answer?.status !== "streaming" || !answer.research) return;
          void run(
            conversationId,
            { language: get().language, deepResearch: true },
            { answerId: answer.id, runId: answer.research.run_id },
          );
        },

        select(repoId, conversationId) {
          set((state) => {
            const activeByRepo = { ...state.activeByRepo };
            if (conversationId) activeByRepo[repoId] = conversationId;
            else delete activeByRepo[repoId];
            return { activeByRepo };
          });
          const conversation = get().conversations.find((c) => c.id === conversationId);
          if (conversation && needsMessages(conversation)) void loadMessages(conversation);
        },

        remove(conversationId) {
          get().stop(conversationId);
          const chatId = get().conversations.find((c) => c.id === conversationId)?.chatId;
          if (chatId) {
            set((state) => ({ deletedChats: [...state.deletedChats, chatId] }));
            void deleteOnServer(chatId);
          }
          set((state) => ({
            conversations: state.conversations.filter((c) => c.id !== conversationId),
            activeByRepo: Object.fromEntries(
              Object.entries(state.activeByRepo).filter(([, id]) => id !== conversationId),
            ),
          }));
        },

        async syncRepo(repoId) {
          let stored: Awaited<ReturnType<typeof fetchChatList>>;
          try {
            stored = await fetchChatList(repoId);
          } catch {
            return; // The browser's own list stays; the next visit tries again.
          }
          // A deletion the server missed (the page left first) is sent again, not undone.
          const deleted = new Set(get().deletedChats);
          for (const chat of stored)
            if (deleted.has(chat.chat_id)) void deleteOnServer(chat.chat_id);
          const added = conversationsToAdd(
            repoId,
            stored.filter((chat) => !deleted.has(chat.chat_id)),
            get().conversations,
            newId,
          );
          if (added.length > 0)
            set((state) => ({ conversations: [...state.conversations, ...added] }));
          const active = get().conversations.find((c) => c.id === get().activeByRepo[repoId]);
          if (active && needsMessages(active)) void loadMessages(active);
        },

        deletedChats: [],
        loadingMessages: {},
        loadErrors: {},

        setLanguage(language) {
          set({ language });
        },

        setAskPanelOpen(open) {
          set({ askPanelOpen: open });
        },
      };
    },
    {
      name: STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => batchedStorage),
      // Rehydrated by useChatStoreHydrated after mount: the server render has no storage.
      skipHydration: true,
      partialize: (state) => ({
        conversations: [...state.conversations]
          .sort((a, b) => b.updatedAt - a.updatedAt)
          .slice(0, KEPT_CONVERSATIONS),
        activeByRepo: state.activeByRepo,
        deletedChats: state.deletedChats.slice(-200),
        language: state.language,
        askPanelOpen: state.askPanelOpen,
      }),
      merge: (persisted, current) => ({ ...current, ...readStored(persisted) }),
    },
  ),
);

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _, ...rest } = record;
  return rest;
}
