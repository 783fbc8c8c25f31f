import { z } from "zod";
import {
  type ChatEvent,
  type ChatMessage,
  citationSchema,
  DEEP_RESEARCH_MARKER,
  sourceItemSchema,
} from "@/lib/protocol/chat";
import { runStatusSchema, stepsSchema } from "@/lib/protocol/runs";

// Conversations as this browser keeps them (localStorage): there is no chat-list API yet.
// The stored shape is checked when read back, so a damaged or older entry is dropped, not shown.

export type ResearchStage = Extract<ChatEvent, { type: "stage" }>["stage"];

/** PROTOCOLS.md section 1: the fifth iteration of a deep research always concludes. */
export const MAX_RESEARCH_ITERATIONS = 5;
export const CONTINUE_RESEARCH = `${DEEP_RESEARCH_MARKER} Continue the research`;

const answerStatusSchema = z.enum(["streaming", "done", "stopped", "failed"]);

/** An answer written by a research run: where the run is, and its page (`/research/{run_id}`). */
export const researchProgressSchema = z.object({
  run_id: z.string(),
  status: runStatusSchema,
  progress: z.number(),
  phase: z.string(),
  steps: stepsSchema.nullable(),
  queue_position: z.number().nullable(),
});
export type ResearchProgress = z.infer<typeof researchProgressSchema>;
export type AnswerStatus = z.infer<typeof answerStatusSchema>;

export const conversationMessageSchema = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  /** A question: the file sent with it as context. */
  filePath: z.string().optional(),
  /** A question asked as a deep research (a research run answers it). */
  deepResearch: z.boolean().optional(),
  /** An answer: */
  status: answerStatusSchema.optional(),
  error: z.string().optional(),
  sources: z.array(sourceItemSchema).optional(),
  citations: z.array(citationSchema).optional(),
  commit: z.string().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  stage: z
    .object({ stage: z.enum(["plan", "update", "conclusion"]), iteration: z.number() })
    .optional(),
  transport: z.enum(["websocket", "http"]).optional(),
  research: researchProgressSchema.optional(),
  /** Set while the answer waits for the repository's index (the `progress` events). */
  indexing: z
    .object({ progress: z.number(), message: z.string(), steps: stepsSchema.optional() })
    .optional(),
});
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;

export const conversationSchema = z.object({
  /** This browser's id; the server's `chat_id` arrives with the first answer. */
  id: z.string(),
  chatId: z.string().nullable(),
  repoId: z.string(),
  repoUrl: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messages: z.array(conversationMessageSchema),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const isDeepResearch = (content: string) =>
  content.trimStart().startsWith(DEEP_RESEARCH_MARKER);
export const isContinueResearch = (content: string) => content.trim() === CONTINUE_RESEARCH;
export const withoutMarker = (content: string) =>
  isDeepResearch(content) ? content.trimStart().slice(DEEP_RESEARCH_MARKER.length).trim() : content;

/** The first question, without the deep-research marker, cut to a list row. */
export function titleFrom(question: string): string {
  const text = withoutMarker(question).replace(/\s+/g, " ").trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text || "New conversation";
}

/**
 * The history a request sends: questions and the answers that have text. A failed answer
 * is left out, so the conversation reads as the user saw it succeed.
 */
export function requestMessages(messages: readonly ConversationMessage[]): ChatMessage[] {
  return messages
    .filter(
      (message) =>
        message.role === "user" || (message.status !== "failed" && message.content.trim() !== ""),
    )
    .map((message) => ({ role: message.role, content: message.content }));
}

export function stageLabel(stage: { stage: ResearchStage; iteration: number }): string {
  if (stage.stage === "plan") return "Research Plan";
  if (stage.stage === "conclusion") return "Final Conclusion";
  return `Research Update ${stage.iteration}`;
}

const count = new Intl.NumberFormat("en-US");

/** "Indexing repository… 42% (1,234 of 8,600 files)": the line an answer shows while it waits. */
export function indexingLabel(indexing: NonNullable<ConversationMessage["indexing"]>): string {
  const percent = `${Math.floor(indexing.progress)}%`;
  const steps = indexing.steps;
  return steps && steps.total > 0
    ? `Indexing repository… ${percent} (${count.format(steps.done)} of ${count.format(steps.total)} files)`
    : `Indexing repository… ${percent}`;
}

/** The research run a new deep research continues: the conversation's last completed one. */
export function researchToContinue(messages: readonly ConversationMessage[]): string | null {
  const last = messages.findLast((message) => message.research);
  return last?.research?.status === "completed" ? last.research.run_id : null;
}

/** The question an answer replies to: the nearest question before it that is not "continue". */
export function questionBefore(
  messages: readonly ConversationMessage[],
  answerId: string,
): string | null {
  const index = messages.findIndex((message) => message.id === answerId);
  for (let at = index - 1; at >= 0; at--) {
    const message = messages[at];
    if (message.role === "user" && !isContinueResearch(message.content))
      return withoutMarker(message.content);
  }
  return null;
}

/** An answer as a Markdown file: what was asked, where, then the answer as written. */
export function answerAsMarkdown(input: {
  question: string | null;
  repository: string;
  commit?: string;
  answer: string;
}): string {
  const header = [
    input.question ? `# ${input.question.replace(/\s+/g, " ").trim()}` : "# Answer",
    "",
    `_${input.repository}${input.commit ? ` at commit ${input.commit.slice(0, 12)}` : ""}_`,
    "",
  ];
  return `${[...header, input.answer.trim()].join("\n")}\n`;
}

/** `how-is-a-discount-applied.md` */
export function markdownFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${slug || "answer"}.md`;
}

/**
 * What one event of an answer's stream (other than text and errors) sets on the answer:
 * indexing progress while the server waits for the index, then the model and commit,
 * sources, the research stage, the checked citations.
 */
export function answerFieldsOf(event: ChatEvent): Partial<ConversationMessage> | null {
  switch (event.type) {
    case "progress":
      return { indexing: { progress: event.progress, message: event.message, steps: event.steps } };
    case "meta":
      return {
        commit: event.repo.commit,
        provider: event.provider,
        model: event.model,
        indexing: undefined,
      };
    case "sources":
      return { sources: event.items };
    case "stage":
      return { stage: { stage: event.stage, iteration: event.iteration } };
    case "done":
      return { citations: event.citations ?? [] };
    default:
      return null;
  }
}

/** A version 4 UUID from `getRandomValues`, which (unlike `randomUUID`) works over plain http. */
export function newChatId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
