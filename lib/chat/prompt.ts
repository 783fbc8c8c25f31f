import type { Database } from "../db/client";
import { AppError } from "../errors";
import { type AskPromptInput, askSystemPrompt, formatPassage } from "../llm/prompts/ask";
import { deepResearchInstructions } from "../llm/prompts/deep-research";
import { estimateTokens } from "../llm/token-budget";
import { logger } from "../log";
import type { ChatMessage, ChatRequest } from "../protocol/chat";
import { getFileWithContent, type SnapshotRow } from "../repos/queries";
import type { SearchResult } from "../search/retrieval";
import type { ResearchState } from "./deep-research";
import { fitContext } from "./fit-context";

const log = logger("chat");

/** Passages retrieved for an answer (before those read earlier are left out). */
export const RETRIEVE = 30;
/** Room left for the answer: 4,000 tokens, a quarter of a small (4k or 8k) model's window. */
const answerReserve = (window: number) => Math.min(4_000, Math.floor(window / 4));

/**
 * The system prompt and the conversation within the model's window, less the answer's
 * reserve; fitContext decides what gives way (passages, the file, older turns, the middle
 * of an over-long message).
 */
export function promptWithin(
  window: number,
  input: {
    ask: Pick<AskPromptInput, "repository" | "commit" | "language">;
    research: ResearchState | null;
    history: ChatMessage[];
    file?: { path: string; content: string };
    page?: { title: string | null; files: { path: string; content: string }[] };
    retrieved: SearchResult[];
  },
): { system: string; messages: ChatMessage[]; passages: SearchResult[] } {
  // Each passage is formatted once: fitting measures the text the prompt then shows.
  const formatted = new Map<SearchResult, string>();
  const passageText = (passage: SearchResult) => {
    let text = formatted.get(passage);
    if (text === undefined) {
      text = formatPassage(passage);
      formatted.set(passage, text);
    }
    return text;
  };
  const systemPrompt = (
    passages: SearchResult[],
    file: AskPromptInput["file"],
    page: AskPromptInput["page"],
  ) =>
    [
      askSystemPrompt({ ...input.ask, passages: passages.map(passageText), file, page }),
      input.research ? deepResearchInstructions(input.research) : "",
    ].join("\n\n");
  const frame = systemPrompt(
    [],
    input.file && { path: input.file.path, content: "", truncated: true },
    input.page && {
      title: input.page.title,
      files: input.page.files.map((file) => ({ path: file.path, content: "", truncated: true })),
    },
  );
  const fitted = fitContext({
    tokens: window - answerReserve(window) - estimateTokens(frame),
    messages: input.history,
    file: input.file,
    pageFiles: input.page?.files,
    passages: input.retrieved,
    passageText,
    maxPassages: RETRIEVE,
  });
  if (fitted.omitted.turns > 0 || fitted.omitted.characters > 0) {
    log.info("conversation cut to fit the context window", {
      window,
      turns_omitted: fitted.omitted.turns,
      characters_omitted: fitted.omitted.characters,
      passages: fitted.passages.length,
    });
  }
  return {
    system: systemPrompt(
      fitted.passages,
      fitted.file,
      input.page && { title: input.page.title, files: fitted.pageFiles },
    ),
    messages: fitted.messages,
    passages: fitted.passages,
  };
}

/** The file the request names, whole; fitContext decides how much of it the prompt shows. */
export async function fileOf(db: Database, snapshot: SnapshotRow, filePath: string) {
  const file = await getFileWithContent(db, {
    snapshotId: snapshot.id,
    path: filePath.replace(/^\.?\//, ""),
  });
  if (!file)
    throw new AppError("bad_request:file", `filePath ${filePath} is not a file of the repository`);
  return { path: file.path, content: file.content };
}

/** How many of a wiki page's files go with a question about it. */
const MAX_PAGE_FILES = 8;

/**
 * The wiki page the user is reading (`page_title`, `filePaths`): its title and its files in
 * this snapshot, leaving out the request's `filePath` and paths this commit does not have.
 */
export async function pageOf(
  db: Database,
  snapshot: SnapshotRow,
  request: ChatRequest,
): Promise<{ title: string | null; files: { path: string; content: string }[] } | undefined> {
  const title = request.page_title || null;
  const paths = [...new Set((request.filePaths ?? []).map((path) => path.replace(/^\.?\//, "")))]
    .filter((path) => path !== request.filePath?.replace(/^\.?\//, ""))
    .slice(0, MAX_PAGE_FILES);
  if (!title && paths.length === 0) return undefined;
  const files: { path: string; content: string }[] = [];
  for (const path of paths) {
    const file = await getFileWithContent(db, { snapshotId: snapshot.id, path });
    // Numbered, so the answer can cite the page's lines; numbered before fitting, so counted.
    if (file) files.push({ path: file.path, content: numberLines(file.content) });
  }
  return { title, files };
}

/** `1: first line`, as passages show their lines. */
function numberLines(content: string): string {
  return content
    .split("\n")
    .map((line, index) => `${index + 1}: ${line}`)
    .join("\n");
}
