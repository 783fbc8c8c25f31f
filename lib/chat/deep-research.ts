import type { ResearchStage } from "../llm/prompts/deep-research";
import { type ChatMessage, DEEP_RESEARCH_MARKER } from "../protocol/chat";

export const MAX_RESEARCH_ITERATIONS = 5;

export interface ResearchState {
  iteration: number;
  stage: ResearchStage;
  /** The original question, without the marker. */
  question: string;
  /** What the last iteration left open; empty on the first. */
  openQuestions: string[];
}

const stripMarker = (text: string) => text.replace(DEEP_RESEARCH_MARKER, "").trim();
const isContinue = (text: string) => /^continue( the)? research\.?$/i.test(stripMarker(text));

/**
 * Where a deep-research conversation stands, or null for a plain question. Iteration n
 * is the number of assistant messages plus one; the last one concludes (at 5, or earlier
 * when the previous iteration left nothing open).
 */
export function researchStateOf(messages: ChatMessage[]): ResearchState | null {
  const users = messages.filter((message) => message.role === "user");
  if (!users.some((message) => message.content.trimStart().startsWith(DEEP_RESEARCH_MARKER)))
    return null;
  const original = users.find((message) => !isContinue(message.content)) ?? users[0];
  const assistants = messages.filter((message) => message.role === "assistant");
  const iteration = assistants.length + 1;
  const last = assistants.at(-1)?.content ?? "";
  const openQuestions = iteration > 1 ? parseOpenQuestions(last) : [];
  const complete =
    iteration > 1 && openQuestions.length === 0 && /###\s*Open questions/i.test(last);
  const stage: ResearchStage =
    iteration === 1
      ? "plan"
      : iteration >= MAX_RESEARCH_ITERATIONS || complete
        ? "conclusion"
        : "update";
  return { iteration, stage, question: stripMarker(original.content), openQuestions };
}

/** The items under an "Open questions" heading, "None" meaning there are none. */
export function parseOpenQuestions(answer: string): string[] {
  const section = /#{2,4}\s*Open questions\s*\n([\s\S]*?)(?=\n#{1,4}\s|$)/i.exec(answer);
  if (!section) return [];
  return section[1]
    .split("\n")
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s*/, "").trim())
    .filter((line) => line !== "" && !/^none\.?$/i.test(line));
}

/**
 * What to search for: the question still open, in the user's words, never the prompt
 * boilerplate. Later research iterations search for their open questions.
 */
export function retrievalQueryOf(messages: ChatMessage[], research: ResearchState | null): string {
  if (research) {
    return research.openQuestions.length > 0
      ? `${research.openQuestions.join(" ")} ${research.question}`
      : research.question;
  }
  const users = messages
    .filter((message) => message.role === "user")
    .map((message) => message.content);
  // The latest question first; earlier ones add context for follow-ups like "and how is it tested?".
  return [users.at(-1) ?? "", ...users.slice(-3, -1).reverse()].join(" ").slice(0, 2_000);
}
