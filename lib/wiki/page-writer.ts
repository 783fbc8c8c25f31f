import type { LanguageModelV3 } from "@ai-sdk/provider";
import { generateText } from "ai";
import { createThinkFilter } from "../chat/think-filter";
import type { Database } from "../db/client";
import { modelFailure } from "../llm/model-failure";
import { readModelText, startModelTextStream } from "../llm/model-text-stream";
import { formatPassage } from "../llm/prompts/ask";
import {
  mermaidRepairPrompt,
  numberedFile,
  wikiPagePrompt,
  wikiPageSystemPrompt,
} from "../llm/prompts/wiki";
import { TokenBudget } from "../llm/token-budget";
import { getLineCounts } from "../repos/queries";
import type { SnapshotSearch } from "../search/retrieval";
import { createStreamRedactor, redactTokens } from "../security/redact-tokens";
import { checkDiagrams, mermaidFromReply, resolvePageLinks } from "./checks";
import { checkMermaid } from "./mermaid-check";
import type { PlanPage } from "./plan";
import { fileTexts } from "./repo-context";
import { checkAgainstSnapshot } from "./snapshot-checks";

const ANSWER_RESERVE_TOKENS = 6_000;
const PASSAGES = 12;

export interface PageJob {
  db: Database;
  search: SnapshotSearch;
  model: LanguageModelV3;
  /** The model's context window (ResolvedChatModel.contextTokens). */
  contextTokens: number;
  snapshotId: string;
  commit: string;
  repository: string;
  wikiTitle: string;
  language: string;
  page: PlanPage;
  pages: { id: string; title: string }[];
  signal: AbortSignal;
  /** Streams the page's text as it is written. */
  onDelta: (text: string) => void;
}

export interface WrittenPage {
  content: string;
  /** Path → blob of every file the page lists or cites, when it was written. */
  sources: Record<string, string>;
  invalidCitations: string[];
  repairedDiagrams: number;
  unrenderedDiagrams: number;
}

/**
 * Writes one wiki page from the full text of its relevant files (line-numbered, within the
 * token budget) and passages retrieved for its topic; then checks what the model wrote:
 * diagrams parse (repaired once), citations hold, page links resolve.
 */
export async function writePage(job: PageJob): Promise<WrittenPage> {
  const budget = new TokenBudget(job.contextTokens - ANSWER_RESERVE_TOKENS);
  const texts = await fileTexts(job.db, job.snapshotId, job.page.filePaths);
  const files: string[] = [];
  const included = new Set<string>();
  // Files get at most three quarters of the budget, so retrieved passages still fit.
  const fileShare = new TokenBudget(Math.floor(budget.left * 0.75));
  for (const path of job.page.filePaths) {
    const content = texts.get(path);
    if (content === undefined) continue;
    const taken = fileShare.takeTruncated(numberedFile(path, content));
    if (!taken) continue;
    budget.take(taken.text);
    files.push(taken.truncated ? `${taken.text}\n… (truncated)` : taken.text);
    if (!taken.truncated) included.add(path);
  }
  const retrieved = await job.search.search(
    job.snapshotId,
    `${job.page.title} ${job.page.description}`,
    PASSAGES * 2,
    job.signal,
  );
  const passages: string[] = [];
  for (const result of retrieved) {
    if (included.has(result.path)) continue;
    const passage = formatPassage(result);
    if (budget.take(passage)) passages.push(passage);
    if (passages.length >= PASSAGES) break;
  }

  const promptInput = {
    repository: job.repository,
    commit: job.commit,
    language: job.language,
    wikiTitle: job.wikiTitle,
    page: job.page,
    otherPages: job.pages.filter((page) => page.id !== job.page.id),
    files,
    passages,
  };
  const stream = startModelTextStream(job.model, {
    system: wikiPageSystemPrompt(promptInput),
    messages: [{ role: "user", content: wikiPagePrompt(promptInput) }],
    signal: job.signal,
    retry: false,
  });
  const filter = createThinkFilter();
  // A credential quoted from the sources is neither streamed to viewers nor stored.
  const redactor = createStreamRedactor();
  const send = (text: string) => {
    if (text) job.onDelta(text);
  };
  let body = "";
  try {
    for await (const part of readModelText(await stream)) {
      if (part.type === "text") {
        const text = filter.push(part.text);
        body += text;
        send(redactor.push(text));
      }
    }
  } catch (error) {
    if (job.signal.aborted) throw error;
    throw modelFailure(error, "The model failed while writing the page");
  }
  const rest = filter.flush();
  body = redactTokens(body + rest);
  send(redactor.push(rest) + redactor.flush());
  if (body.trim() === "") throw new Error("The model returned an empty page");

  const diagrams = await checkDiagrams(body, checkMermaid, async (code, error) => {
    const reply = await generateText({
      model: job.model,
      prompt: mermaidRepairPrompt({ code, error }),
      abortSignal: job.signal,
      maxRetries: 0,
    }).catch((failure: unknown) => {
      if (job.signal.aborted) throw failure;
      throw modelFailure(failure, "The model failed while repairing a diagram");
    });
    return mermaidFromReply(reply.text);
  });
  const linked = resolvePageLinks(diagrams.content, new Set(job.pages.map((page) => page.id)));
  const withHeader = `${await sourceFilesHeader(job, job.page.filePaths)}${linked.trim()}\n`;
  const checked = await checkAgainstSnapshot(job.db, {
    snapshotId: job.snapshotId,
    content: withHeader,
    filePaths: job.page.filePaths,
  });
  return {
    content: checked.content,
    sources: checked.sources,
    invalidCitations: checked.invalidCitations,
    repairedDiagrams: diagrams.repaired,
    unrenderedDiagrams: diagrams.unrendered,
  };
}

/** The list of the page's source files that every page starts with, as whole-file citations. */
async function sourceFilesHeader(job: PageJob, paths: string[]): Promise<string> {
  if (paths.length === 0) return "";
  const counts = await getLineCounts(job.db, { snapshotId: job.snapshotId, paths });
  const items = paths
    .filter((path) => (counts.get(path) ?? 0) > 0)
    .map((path) => `- ${path}:1-${counts.get(path)}`);
  return items.length === 0 ? "" : `**Relevant source files**\n\n${items.join("\n")}\n\n`;
}
