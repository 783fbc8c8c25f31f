import { streamAnswer } from "./chat-answer";
import { type ConversationMessage, newChatId, researchToContinue } from "./chat-messages";
import { answerFromReport } from "./chat-research";
import type { AskedTurns, AskInput, ChatRun, ChatSlice } from "./chat-state";
import { without } from "./chat-state";
import {
  keptResearch,
  newTurn,
  type OpenChat,
  serverMessageCount,
  type Turn,
  threadMessages,
  withAnswer,
} from "./chat-turns";

type Change = (answer: ConversationMessage) => ConversationMessage;

const newTurnId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * The questions asked in this page: a chat answer goes out as `chat_id` and the new
 * question (the server holds the history), a deep research as a research run; each
 * answer streams into its turn until it ends or is stopped.
 */
export const askedTurns: ChatSlice<AskedTurns> = (set, get, deps) => {
  const controllers = new Map<string, AbortController>();
  const setRun = (chatId: string, run: ChatRun | null) =>
    set(({ runs }) => ({ runs: run ? { ...runs, [chatId]: run } : without(runs, chatId) }));
  /** A research answer is kept in the browser once its run has an id, and again when it ends. */
  const keep = (chatId: string, turnId: string) =>
    set(({ chats, research }) => {
      const kept = chats[chatId] && keptResearch(research[chatId] ?? [], chats[chatId], turnId);
      return kept ? { research: { ...research, [chatId]: kept } } : {};
    });

  const patchAnswer = (chatId: string, turnId: string, fields: Partial<ConversationMessage>) =>
    set(({ chats }) => ({
      chats: withAnswer(chats, chatId, turnId, (known) => ({ ...known, ...fields })),
    }));

  async function answer(chatId: string, turn: Turn, input: AskInput, runId?: string) {
    const controller = new AbortController();
    const { signal } = controller;
    controllers.set(chatId, controller);
    setRun(chatId, { deepResearch: input.deepResearch, transport: null });
    const update = (change: Change) =>
      set(({ chats }) => ({ chats: withAnswer(chats, chatId, turn.id, change) }));
    try {
      if (input.deepResearch) {
        const chat = get().chats[chatId];
        const shown = chat ? threadMessages(chat.stored ?? [], chat.turns) : [];
        await deps.answerWithResearch(
          {
            query: turn.question.content,
            repoUrl: input.repoUrl,
            language: input.language,
            parentId: runId ? null : researchToContinue(shown),
            runId,
          },
          {
            signal,
            onUpdate: (fields) => {
              update((known) => ({ ...known, ...fields }));
              if (fields.research || fields.status) keep(chatId, turn.id);
            },
          },
        );
        return;
      }
      const request = {
        repo_url: input.repoUrl,
        messages: [{ role: "user" as const, content: turn.question.content }],
        language: input.language,
        ...(input.filePath ? { filePath: input.filePath } : {}),
        ...(input.page ? { page_title: input.page.title, filePaths: input.page.filePaths } : {}),
        chat_id: chatId,
        stream: "events" as const,
      };
      await streamAnswer(request, {
        streamChat: deps.streamChat,
        signal,
        update,
        onTransport: (transport) => setRun(chatId, { deepResearch: false, transport }),
      });
      // The server lists the conversation now, newest first.
      void get().loadList(input.repoId);
    } finally {
      if (controllers.get(chatId) === controller) controllers.delete(chatId);
      setRun(chatId, null);
    }
  }

  return {
    runs: {},

    ask(input) {
      const chatId = input.chatId ?? newChatId();
      const chat: OpenChat = get().chats[chatId] ?? {
        repoId: input.repoId,
        stored: [],
        error: null,
        turns: [],
      };
      const turn = newTurn(input, serverMessageCount(chat.stored ?? [], chat.turns), newTurnId());
      set((state) => ({
        chats: { ...state.chats, [chatId]: { ...chat, turns: [...chat.turns, turn] } },
        activeByRepo: { ...state.activeByRepo, [input.repoId]: chatId },
      }));
      void answer(chatId, turn, input);
      return chatId;
    },

    stop: (chatId) => controllers.get(chatId)?.abort(),

    reopenResearch(chatId, turnId) {
      const turn = get().chats[chatId]?.turns.find((known) => known.id === turnId);
      const runId = turn?.answer.research?.run_id;
      if (!turn || !runId || controllers.has(chatId)) return;
      if (turn.answer.status === "streaming") {
        const { language } = get();
        const input = { repoId: "", repoUrl: "", chatId, question: "", language };
        void answer(chatId, turn, { ...input, deepResearch: true }, runId);
      } else if (turn.answer.status === "done") {
        deps.fetchReport(runId).then(
          (report) => report && patchAnswer(chatId, turn.id, answerFromReport(report)),
          () => undefined,
        );
      }
    },

    setLanguage: (language) => set({ language }),
    setAskPanelOpen: (open) => set({ askPanelOpen: open }),
  };
};
