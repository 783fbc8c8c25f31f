import { randomUUID } from "node:crypto";
import { streamText } from "ai";
import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { modelFailure } from "../llm/model-failure";
import type { ModelRegistry } from "../llm/models";
import { askSystemPrompt, formatPassage } from "../llm/prompts/ask";
import { deepResearchInstructions } from "../llm/prompts/deep-research";
import { noModelAnswer } from "../llm/prompts/no-model";
import { leaveStreamErrorsToTheCaller } from "../llm/stream-errors";
import { contextWindowOf, estimateTokens, TokenBudget } from "../llm/token-budget";
import { logger } from "../log";
import type { ChatEvent, ChatMessage, ChatRequest, SourceItem } from "../protocol/chat";
import { getFileWithContent, getLineCounts, type SnapshotRow } from "../repos/queries";
import type { RepoService } from "../repos/service";
import type { SearchResult, SnapshotSearch } from "../search/retrieval";
import { extractCitations, verifyCitations } from "./citations";
import { researchStateOf, retrievalQueryOf } from "./deep-research";
import { appendMessages, createChat, getChatById, listMessages } from "./queries";
import { createThinkFilter } from "./think-filter";

const log = logger("chat");

export interface ChatDeps {
  db: Database;
  repos: RepoService;
  search: SnapshotSearch;
  models: ModelRegistry;
}

const RETRIEVE = 30;
const ANSWER_RESERVE_TOKENS = 4_000;

/**
 * A grounded answer as typed events (PROTOCOLS.md section 1): meta, sources, the stage of a
 * deep-research iteration, text deltas, done. Transports only adapt these to their wire.
 */
export async function* answerChat(
  request: ChatRequest,
  principal: Principal,
  deps: ChatDeps,
  signal: AbortSignal,
): AsyncGenerator<ChatEvent> {
  // An unconfigured provider is refused before any indexing starts.
  const resolved = await deps.models.resolveChat(request);
  const { repository, snapshot } = await deps.repos.ensureIndexed(principal, request, signal);
  const { chatId, history } = await conversationOf(deps.db, request, principal, repository.id);
  yield {
    type: "meta",
    chat_id: chatId,
    repo: { owner: repository.owner, name: repository.name, commit: snapshot.commit },
    provider: resolved?.provider ?? "none",
    model: resolved?.modelId ?? "none",
  };

  const research = researchStateOf(history);
  const alreadyRead = await chunksReadBefore(deps.db, request.chat_id ? chatId : null, history);
  const query = retrievalQueryOf(history, research);
  const retrieved = (
    await deps.search.search(snapshot.id, query, RETRIEVE + alreadyRead.size, signal)
  ).filter((result) => !alreadyRead.has(result.chunk_id) && !citedBefore(history, result));

  const budget = new TokenBudget(contextWindowOf(resolved?.modelId ?? "") - ANSWER_RESERVE_TOKENS);
  const file = request.filePath
    ? await fileContext(deps.db, snapshot, request.filePath, budget)
    : undefined;
  const conversation = fitConversation(history, budget);
  const passages: SearchResult[] = [];
  for (const result of retrieved) {
    if (budget.take(formatPassage(result))) passages.push(result);
    if (passages.length >= RETRIEVE) break;
  }
  yield { type: "sources", items: passages.map(toSourceItem) };
  if (research) yield { type: "stage", stage: research.stage, iteration: research.iteration };

  let answer = "";
  let usage = { input_tokens: 0, output_tokens: 0 };
  let finishReason = "stop";
  if (!resolved) {
    answer = noModelAnswer({ passages, language: request.language ?? "en" });
    yield { type: "delta", text: answer };
  } else {
    const system = [
      askSystemPrompt({
        repository: `${repository.owner}/${repository.name}`,
        commit: snapshot.commit,
        language: request.language ?? "en",
        passages: passages.map(formatPassage),
        file,
      }),
      research ? deepResearchInstructions(research) : "",
    ].join("\n\n");
    const result = streamText({
      model: resolved.model,
      system,
      messages: conversation.map((message) => ({
        role: message.role === "system" ? "user" : message.role,
        content: message.content,
      })),
      abortSignal: signal,
      maxRetries: 1,
      onError: leaveStreamErrorsToTheCaller,
    });
    const filter = createThinkFilter();
    const parts = guardModelStream(result.fullStream, () => answer, signal);
    for await (const part of parts) {
      if (part.type === "text-delta") {
        const text = filter.push(part.text);
        if (text) {
          answer += text;
          yield { type: "delta", text };
        }
      } else if (part.type === "error") {
        throw modelError(part.error, answer);
      } else if (part.type === "finish") {
        finishReason = part.finishReason;
        usage = {
          input_tokens: part.totalUsage.inputTokens ?? estimateTokens(system),
          output_tokens: part.totalUsage.outputTokens ?? estimateTokens(answer),
        };
      }
    }
    const rest = filter.flush();
    if (rest) {
      answer += rest;
      yield { type: "delta", text: rest };
    }
  }

  const cited = extractCitations(answer).map((citation) => citation.path);
  const lineCounts = await getLineCounts(deps.db, {
    snapshotId: snapshot.id,
    paths: [...new Set(cited)],
  });
  const citations = verifyCitations(answer, lineCounts);
  await appendMessages(deps.db, {
    chatId,
    rows: [
      { role: "user", content: history.at(-1)?.content ?? "", commit: snapshot.commit },
      {
        role: "assistant",
        content: answer,
        commit: snapshot.commit,
        citations,
        sources: passages.map((passage) => ({
          ...toSourceItem(passage),
          chunk_id: passage.chunk_id,
        })),
      },
    ],
  });
  yield { type: "done", finish_reason: finishReason, usage, citations };
}

/** The stored conversation continued, or a new one; the request's messages win when it sends history. */
async function conversationOf(
  db: Database,
  request: ChatRequest,
  principal: Principal,
  repoId: string,
): Promise<{ chatId: string; history: ChatMessage[] }> {
  if (request.chat_id) {
    const chat = await getChatById(db, { id: request.chat_id });
    if (!chat || chat.userId !== principal.userId)
      throw new AppError("not_found:chat", "Conversation not found");
    if (request.messages.length > 1) return { chatId: chat.id, history: request.messages };
    const stored = (await listMessages(db, { chatId: chat.id })).map((row) => ({
      role: row.role,
      content: row.content,
    }));
    return { chatId: chat.id, history: [...stored, ...request.messages] };
  }
  const first = request.messages.find((message) => message.role === "user")?.content ?? "";
  const chat = await createChat(db, {
    id: randomUUID(),
    userId: principal.userId,
    repoId,
    repoUrl: request.repo_url,
    title: first.replace(/^\[DEEP RESEARCH\]\s*/, "").slice(0, 120),
  });
  return { chatId: chat.id, history: request.messages };
}

/** Chunks earlier answers of this conversation were given: later research iterations read others. */
async function chunksReadBefore(
  db: Database,
  chatId: string | null,
  history: ChatMessage[],
): Promise<Set<number>> {
  const read = new Set<number>();
  if (!chatId || history.filter((message) => message.role === "assistant").length === 0)
    return read;
  for (const row of await listMessages(db, { chatId })) {
    for (const source of (row.sources as { chunk_id?: number }[] | null) ?? []) {
      if (typeof source.chunk_id === "number") read.add(source.chunk_id);
    }
  }
  return read;
}

/** A passage an earlier research answer already cited is not read again. */
function citedBefore(history: ChatMessage[], result: SearchResult): boolean {
  if (!history.some((message) => message.role === "assistant")) return false;
  return history
    .filter((message) => message.role === "assistant")
    .flatMap((message) => extractCitations(message.content))
    .some(
      (citation) =>
        citation.path === result.path &&
        citation.start_line <= result.end_line &&
        citation.end_line >= result.start_line,
    );
}

/** The latest turns first, as many as fit; the question itself always. */
function fitConversation(history: ChatMessage[], budget: TokenBudget): ChatMessage[] {
  const kept: ChatMessage[] = [];
  for (let index = history.length - 1; index >= 0; index--) {
    const message = history[index];
    if (index === history.length - 1) {
      const cut = budget.takeTruncated(message.content) ?? {
        text: message.content.slice(0, 4_000),
      };
      kept.unshift({ ...message, content: cut.text });
    } else if (budget.take(message.content)) {
      kept.unshift(message);
    } else {
      break;
    }
  }
  return kept;
}

async function fileContext(
  db: Database,
  snapshot: SnapshotRow,
  filePath: string,
  budget: TokenBudget,
) {
  const file = await getFileWithContent(db, {
    snapshotId: snapshot.id,
    path: filePath.replace(/^\.?\//, ""),
  });
  if (!file)
    throw new AppError("bad_request:file", `filePath ${filePath} is not a file of the repository`);
  // The file gets at most half of what is left, so passages still fit.
  const share = new TokenBudget(Math.floor(budget.left / 2));
  const taken = share.takeTruncated(file.content);
  if (!taken) return undefined;
  budget.take(taken.text);
  return { path: file.path, content: taken.text, truncated: taken.truncated };
}

function toSourceItem(result: SearchResult): SourceItem {
  return {
    path: result.path,
    start_line: result.start_line,
    end_line: result.end_line,
    score: result.score,
  };
}

/** A model failure: short and safe, keeping what was already streamed. */
export class ModelStreamError extends AppError {
  constructor(
    readonly partial: string,
    message = "The model provider failed while answering",
  ) {
    super("unavailable:model", message);
  }
}

function modelError(error: unknown, partial: string): AppError {
  const failure = modelFailure(error, "The model provider failed while answering");
  log.error("model stream failed", { reason: failure.message, error });
  return new ModelStreamError(partial, failure.message);
}

/** The model's stream, with anything it throws (a cut connection, a 500) turned into a ModelStreamError. */
async function* guardModelStream<Part>(
  stream: AsyncIterable<Part>,
  partial: () => string,
  signal: AbortSignal,
): AsyncGenerator<Part> {
  try {
    yield* stream;
  } catch (error) {
    if (signal.aborted || error instanceof ModelStreamError) throw error;
    throw modelError(error, partial());
  }
}
