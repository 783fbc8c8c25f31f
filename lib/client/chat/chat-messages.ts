import {
  type ChatEvent,
  type Citation,
  DEEP_RESEARCH_MARKER,
  type SourceItem,
} from "@/lib/protocol/chat";
import type { RunStatus, Steps } from "@/lib/protocol/runs";
import type { UsageTotals } from "@/lib/protocol/usage";
import type { FeedTransport } from "../runs/follow-run";
import type { ChatTransport } from "./chat-transport";

// The messages of a conversation as Ask shows them (the server's stored ones and the turns
// asked in this page), and what is said about them: titles, stages, downloads.

export type ResearchStage = Extract<ChatEvent, { type: "stage" }>["stage"];

/** PROTOCOLS.md section 1: the fifth iteration of a deep research always concludes. */
export const MAX_RESEARCH_ITERATIONS = 5;
export const CONTINUE_RESEARCH = `${DEEP_RESEARCH_MARKER} Continue the research`;

export type AnswerStatus = "streaming" | "done" | "stopped" | "failed";

/** An answer written by a research run: where the run is, and its page (`/research/{run_id}`). */
export interface ResearchProgress {
  run_id: string;
  status: RunStatus;
  progress: number;
  phase: string;
  steps: Steps | null;
  queue_position: number | null;
  /** How the run's progress reaches this tab; "reconnecting" while neither socket nor polling does. */
  transport?: FeedTransport | null;
}

export interface ConversationMessage {
  id: string;
  role: "user" | "assistant";
  content: string;
  /** A question: the file sent with it as context. */
  filePath?: string;
  /** A question: the title of the wiki page it was asked beside (its files went as context). */
  page?: string;
  /** A question asked as a deep research (a research run answers it). */
  deepResearch?: boolean;
  /** An answer: */
  status?: AnswerStatus;
  error?: string;
  sources?: SourceItem[];
  citations?: Citation[];
  commit?: string;
  provider?: string;
  model?: string;
  stage?: { stage: ResearchStage; iteration: number };
  transport?: ChatTransport;
  research?: ResearchProgress;
  /** Set while the answer waits for the repository's index (the `progress` events). */
  indexing?: { progress: number; message: string; steps?: Steps };
  /** What the answer's model calls spent (the `done` event, or the stored message). */
  usage?: UsageTotals;
}

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

/** A version 4 UUID from `getRandomValues`, which (unlike `randomUUID`) works over plain http. */
export function newChatId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
