import type { ChatEvent, ChatRequest } from "@/lib/protocol/chat";
import type { ConversationMessage } from "./chat-messages";
import { type ChatTransport, isAbortError, type streamChat } from "./chat-transport";

type StreamChat = typeof streamChat;

/**
 * One event of an answer's stream folded into the answer: text deltas extend it, the
 * index run's progress shows while the server waits for the index, then the model and
 * commit, sources, the research stage; `done` brings the checked citations and ends it,
 * `error` ends it failed with the server's reason.
 */
export function foldAnswer(answer: ConversationMessage, event: ChatEvent): ConversationMessage {
  switch (event.type) {
    case "delta":
      return { ...answer, content: answer.content + event.text };
    case "progress":
      return {
        ...answer,
        indexing: { progress: event.progress, message: event.message, steps: event.steps },
      };
    case "meta":
      return {
        ...answer,
        commit: event.repo.commit,
        provider: event.provider,
        model: event.model,
        indexing: undefined,
      };
    case "sources":
      return { ...answer, sources: event.items };
    case "stage":
      return { ...answer, stage: { stage: event.stage, iteration: event.iteration } };
    case "done":
      return { ...answer, citations: event.citations ?? [], usage: event.usage, status: "done" };
    case "error":
      return { ...answer, status: "failed", error: event.message };
  }
}

/** Deltas are folded in at most this often: a store write per token would re-render per token. */
const DELTA_FLUSH_MS = 40;

/**
 * Streams one chat answer and folds it as it comes (`update` receives each change). Resolves
 * when the answer has ended: done, failed with the server's reason or a lost connection, or
 * stopped by the signal.
 */
export async function streamAnswer(
  request: ChatRequest,
  {
    streamChat,
    signal,
    update,
    onTransport,
  }: {
    streamChat: StreamChat;
    signal: AbortSignal;
    update: (change: (answer: ConversationMessage) => ConversationMessage) => void;
    onTransport: (transport: ChatTransport) => void;
  },
): Promise<void> {
  let pending: ChatEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length > 0) update((answer) => batch.reduce(foldAnswer, answer));
  };
  const end = (fields: Partial<ConversationMessage>) => {
    flush();
    update((answer) => (answer.status === "streaming" ? { ...answer, ...fields } : answer));
  };
  try {
    await streamChat(request, {
      signal,
      onEvent: (event) => {
        pending.push(event);
        if (event.type !== "delta") flush();
        else timer ??= setTimeout(flush, DELTA_FLUSH_MS);
      },
      onTransport: (transport) => {
        update((answer) => ({ ...answer, transport }));
        onTransport(transport);
      },
    });
    end({ status: "done" });
  } catch (error) {
    if (isAbortError(error)) end({ status: "stopped" });
    else end({ status: "failed", error: (error as Error).message || "The answer failed" });
  }
}
