import type { StateStorage } from "zustand/middleware";
import type { ChatSummary, StoredChat } from "@/lib/protocol/chats";
import type { ResearchReport } from "@/lib/protocol/research";
import type { answerWithResearch } from "./chat-research";
import type { KeptChatState } from "./chat-storage";
import type { ChatTransport, streamChat } from "./chat-transport";
import type { OpenChat } from "./chat-turns";

// The shape of Ask's store (chat-store.ts): the server's conversations as read
// (stored-conversations.ts), the questions asked in this page (asked-turns.ts), and what
// the browser keeps (chat-storage.ts).

/** The server's conversations of each repository, and those opened in this page. */
export interface StoredConversations {
  /** The server's list of each repository's conversations, as last read. */
  lists: Record<string, ChatSummary[]>;
  /** Conversations opened or asked in this page, by `chat_id`. */
  chats: Record<string, OpenChat>;
  /** Makes a conversation the repository's open one (null: a new one) and reads it. */
  select(repoId: string, chatId: string | null): void;
  /** Reads a conversation from the server, once per page; its research answers are followed again. */
  open(repoId: string, chatId: string): Promise<void>;
  loadList(repoId: string): Promise<void>;
  /** Deletes a conversation, here and on the server. */
  remove(repoId: string, chatId: string): void;
}

/** The wiki page a question is asked beside: its title goes into the prompt, its files as context. */
export interface PageContext {
  title: string;
  filePaths: string[];
}

export interface AskInput {
  repoId: string;
  repoUrl: string;
  /** The conversation to continue (`chat_id`); null starts a new one. */
  chatId: string | null;
  question: string;
  filePath?: string | null;
  page?: PageContext | null;
  language: string;
  /** Answers with a research run (continuing the conversation's last one, if any). */
  deepResearch: boolean;
}

/** A conversation being answered now, and how its answer travels (null until settled). */
export interface ChatRun {
  deepResearch: boolean;
  transport: ChatTransport | null;
}

/** The questions asked in this page, and their answers while they stream. */
export interface AskedTurns {
  runs: Record<string, ChatRun>;
  /** Asks; returns the `chat_id` of the conversation that answers. */
  ask(input: AskInput): string;
  /** Stops the answer: closes its socket or request, or cancels its research run. */
  stop(chatId: string): void;
  /** Follows again a research answer kept from an earlier page, or reads its report. */
  reopenResearch(chatId: string, turnId: string): void;
  setLanguage(language: string): void;
  setAskPanelOpen(open: boolean): void;
}

export type ChatState = KeptChatState & StoredConversations & AskedTurns;

/** The calls the store makes; the browser's are the real ones, tests pass fakes. */
export interface ChatStoreDeps {
  streamChat: typeof streamChat;
  answerWithResearch: typeof answerWithResearch;
  fetchReport(runId: string): Promise<ResearchReport | null>;
  fetchChatList(repoId: string): Promise<ChatSummary[]>;
  fetchStoredChat(chatId: string): Promise<StoredChat | null>;
  deleteStoredChat(chatId: string): Promise<void>;
  storage: StateStorage;
}

/** One part of the store: its state and actions, given the whole store's set and get. */
export type ChatSlice<T> = (
  set: (change: Partial<ChatState> | ((state: ChatState) => Partial<ChatState>)) => void,
  get: () => ChatState,
  deps: ChatStoreDeps,
) => T;

export const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const { [key]: _, ...rest } = record;
  return rest;
};
