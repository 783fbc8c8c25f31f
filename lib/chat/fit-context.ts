import { charsWithin, estimateTokens, TokenBudget } from "../llm/token-budget";
import type { ChatMessage } from "../protocol/chat";

/** What a message costs beyond its text (its role and the framing around it). */
const MESSAGE_OVERHEAD_TOKENS = 8;
/** However little room is left, the question keeps at least this much of its head and tail. */
const QUESTION_MINIMUM_TOKENS = 1_000;
/** An older turn is cut to fit only when this much of it can stay; otherwise it is left out. */
const OLDER_TURN_MINIMUM_TOKENS = 500;

export interface ContextToFit<Passage> {
  /** What the conversation, the file and the passages may spend together. */
  tokens: number;
  /** The conversation; the last message is the question. */
  messages: ChatMessage[];
  /** The file the user is looking at, when the request names one. */
  file?: { path: string; content: string };
  /** The files of the wiki page the user is reading: after the file, before the passages. */
  pageFiles?: { path: string; content: string }[];
  /** Retrieved passages, best first. */
  passages: Passage[];
  /** A passage as the prompt shows it. */
  passageText: (passage: Passage) => string;
  maxPassages: number;
}

export interface FittedContext<Passage> {
  messages: ChatMessage[];
  file?: { path: string; content: string; truncated: boolean };
  pageFiles: { path: string; content: string; truncated: boolean }[];
  passages: Passage[];
  /** What did not fit: whole turns left out, characters cut from the middle of messages. */
  omitted: { turns: number; characters: number };
}

/**
 * Fits a conversation into a model's context window. What gives way first: retrieved
 * passages (fewer of them), then the page's files (which take at most half of what is left
 * after the file, shared evenly), then the file, then older turns, then the middle of an
 * over-long message. A message is never cut at its end: a prompt's instructions are
 * there (DeepWiki puts its output format after a whole file tree), so its head and tail
 * stay and a marker says how much was left out between them. The question always stays.
 */
export function fitContext<Passage>(input: ContextToFit<Passage>): FittedContext<Passage> {
  const budget = new TokenBudget(input.tokens);
  const conversation = fitConversation(input.messages, budget);
  const file = input.file && fitFile(input.file, budget);
  const pageFiles = fitPageFiles(input.pageFiles ?? [], budget);
  const passages: Passage[] = [];
  for (const passage of input.passages) {
    if (passages.length >= input.maxPassages) break;
    if (budget.take(`${input.passageText(passage)}\n\n`)) passages.push(passage);
  }
  return { ...conversation, file, pageFiles, passages };
}

/** The question (cut in the middle when it alone is too long), then earlier turns, newest first. */
function fitConversation(
  messages: ChatMessage[],
  budget: TokenBudget,
): Pick<FittedContext<unknown>, "messages" | "omitted"> {
  const omitted = { turns: 0, characters: 0 };
  const kept: ChatMessage[] = [];
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    const room = budget.left - MESSAGE_OVERHEAD_TOKENS;
    const isQuestion = index === messages.length - 1;
    const fits = estimateTokens(message.content) <= room;
    if (!isQuestion && !fits && room < OLDER_TURN_MINIMUM_TOKENS) {
      omitted.turns = index + 1;
      break;
    }
    const cut = cutMiddle(
      message.content,
      isQuestion ? Math.max(room, QUESTION_MINIMUM_TOKENS) : room,
    );
    kept.unshift({ ...message, content: cut.text });
    budget.spend(estimateTokens(cut.text) + MESSAGE_OVERHEAD_TOKENS);
    omitted.characters += cut.omitted;
    if (cut.omitted > 0 && !isQuestion) {
      omitted.turns = index;
      break;
    }
  }
  return { messages: kept, omitted };
}

/** The file, whole when it fits in what the conversation left; otherwise its head (the prompt says so). */
function fitFile(
  file: { path: string; content: string },
  budget: TokenBudget,
): FittedContext<unknown>["file"] {
  const taken = budget.takeTruncated(file.content);
  return taken ? { path: file.path, content: taken.text, truncated: taken.truncated } : undefined;
}

/** Each of the page's files within its share of half the room left; those that fit nothing are left out. */
function fitPageFiles(
  files: { path: string; content: string }[],
  budget: TokenBudget,
): FittedContext<unknown>["pageFiles"] {
  if (files.length === 0) return [];
  const share = Math.floor(budget.left / 2 / files.length);
  const fitted: FittedContext<unknown>["pageFiles"] = [];
  for (const file of files) {
    const taken = new TokenBudget(share).takeTruncated(file.content);
    if (!taken) continue;
    budget.spend(estimateTokens(taken.text));
    fitted.push({ path: file.path, content: taken.text, truncated: taken.truncated });
  }
  return fitted;
}

/** The line that stands where the middle of a message was left out. */
export function omissionMarker(characters: number): string {
  return `\n\n[… ${characters.toLocaleString("en-US")} characters omitted to fit the model's context window …]\n\n`;
}

/**
 * The text within `tokens`: whole when it fits, else its head and its tail, each about
 * half, cut at line boundaries where that loses less than half of either, with the
 * omission marker between them.
 */
export function cutMiddle(text: string, tokens: number): { text: string; omitted: number } {
  if (estimateTokens(text) <= tokens) return { text, omitted: 0 };
  const room = Math.max(0, Math.floor(tokens) - estimateTokens(omissionMarker(text.length)));
  const headTokens = Math.floor(room / 2);
  const headChars = charsWithin(text, headTokens, "start");
  const tailChars = charsWithin(text, room - headTokens, "end");
  const headEnd = lineEndBefore(text, headChars);
  const tailStart = lineStartAfter(text, text.length - tailChars);
  const omitted = tailStart - headEnd;
  return {
    text: `${text.slice(0, headEnd)}${omissionMarker(omitted)}${text.slice(tailStart)}`,
    omitted,
  };
}

/** The end of the last whole line before `end`, when that keeps at least half of the head. */
function lineEndBefore(text: string, end: number): number {
  const newline = text.lastIndexOf("\n", end);
  return newline >= end / 2 && newline <= end ? newline : end;
}

/** The start of the first whole line from `start`, when that keeps at least half of the tail. */
function lineStartAfter(text: string, start: number): number {
  if (start === 0 || text[start - 1] === "\n") return start;
  const newline = text.indexOf("\n", start);
  return newline !== -1 && newline + 1 - start <= (text.length - start) / 2 ? newline + 1 : start;
}
