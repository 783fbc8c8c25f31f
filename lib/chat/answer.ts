import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { DEFAULT_CONTEXT_TOKENS } from "../llm/context-windows";
import { modelFailure } from "../llm/model-failure";
import { readModelText, startModelTextStream } from "../llm/model-text-stream";
import type { ModelRegistry } from "../llm/models";
import { type AskPromptInput, askSystemPrompt, formatPassage } from "../llm/prompts/ask";
import { deepResearchInstructions } from "../llm/prompts/deep-research";
import { noModelAnswer } from "../llm/prompts/no-model";
import { estimateTokens } from "../llm/token-budget";
import { UsageMeter, withUsageMeter } from "../llm/usage-scope";
import { logger } from "../log";
import type { ChatEvent, ChatMessage, ChatRequest, SourceItem } from "../protocol/chat";
import { getFileWithContent, getLineCounts, type SnapshotRow } from "../repos/queries";
import type { RepoService } from "../repos/service";
import type { IndexProgress } from "../repos/snapshot-indexing";
import type { QueryRewrite } from "../search/query-rewrite";
import type { SearchResult, SnapshotSearch } from "../search/retrieval";
import type { Services } from "../services";
import { extractCitations, verifyCitations } from "./citations";
import { conversationOf, saveTurn } from "./conversation";
import { type ResearchState, researchStateOf, retrievalQueryOf } from "./deep-research";
import { cutMiddle, fitContext } from "./fit-context";
import type { PreparationGate } from "./preparation-gate";
import { listMessages } from "./queries";
import { createThinkFilter } from "./think-filter";

const log = logger("chat");

export interface ChatDeps {
  db: Database;
  repos: RepoService;
  search: SnapshotSearch;
  queryRewrite: QueryRewrite;
  models: ModelRegistry;
  gate: PreparationGate;
}

/** What an answer needs of the server's services, for every transport. */
export function chatDepsOf(services: Services): ChatDeps {
  return {
    db: services.database.db,
    repos: services.repos,
    search: services.search,
    queryRewrite: services.queryRewrite,
    models: services.models,
    gate: services.chatGate,
  };
}

const RETRIEVE = 30;
/** Room left for the answer: 4,000 tokens, a quarter of a small (4k or 8k) model's window. */
const answerReserve = (window: number) => Math.min(4_000, Math.floor(window / 4));

/**
 * A grounded answer as typed events (PROTOCOLS.md section 1): the index run's progress while
 * the repository is being indexed, meta, sources, the stage of a deep-research iteration,
 * text deltas, done. Transports only adapt these to their wire.
 */
export async function* answerChat(
  request: ChatRequest,
  principal: Principal,
  deps: ChatDeps,
  signal: AbortSignal,
): AsyncGenerator<ChatEvent> {
  // An unconfigured provider is refused before any indexing starts.
  const resolved = await deps.models.resolveChat(request);
  const { repository, snapshot } = yield* indexingEvents(
    deps.repos.ensureIndexed(principal, request, signal),
  );
  const conversation = await conversationOf(deps.db, request, principal, repository.id);
  const { chatId, listed, history } = conversation;
  yield {
    type: "meta",
    chat_id: chatId,
    repo: { owner: repository.owner, name: repository.name, commit: snapshot.commit },
    provider: resolved?.provider ?? "none",
    model: resolved?.modelId ?? "none",
  };

  // The answer's model calls (the rewrite, the answer) count against this chat and user;
  // once saved, against the answer's message too.
  const meter = new UsageMeter({ userId: principal.userId, chatId });
  const research = researchStateOf(history);
  const alreadyRead = await chunksReadBefore(deps.db, request.chat_id ? chatId : null, history);
  const query = await withUsageMeter(meter, () =>
    deps.queryRewrite.searchQuery({
      question: retrievalQueryOf(history, research),
      model: resolved?.model ?? null,
      repository: `${repository.owner}/${repository.name}`,
      signal,
    }),
  );
  // From here until the model is asked the work is this process's own (search, the prompt,
  // the request): it waits its turn, and gives its place back once the request is sent.
  let passages: SearchResult[];
  let stream: ReturnType<typeof startModelTextStream> | null;
  const leaveGate = await deps.gate.enter(signal);
  try {
    const retrieved = (
      await deps.search.search(snapshot.id, query, RETRIEVE + alreadyRead.size, signal)
    ).filter((result) => !alreadyRead.has(result.chunk_id) && !citedBefore(history, result));
    const file = request.filePath ? await fileOf(deps.db, snapshot, request.filePath) : undefined;
    const page = await pageOf(deps.db, snapshot, request);
    const prompt = promptWithin(resolved?.contextTokens ?? DEFAULT_CONTEXT_TOKENS, {
      ask: {
        repository: `${repository.owner}/${repository.name}`,
        commit: snapshot.commit,
        language: request.language ?? "en",
      },
      research,
      history,
      file,
      page,
      retrieved,
    });
    passages = prompt.passages;
    // The call starts inside the meter's scope: the usage middleware reads it then.
    stream = resolved
      ? withUsageMeter(meter, () =>
          startModelTextStream(resolved.model, {
            system: prompt.system,
            messages: prompt.messages.map((message) => ({
              role: message.role === "system" ? "user" : message.role,
              content: message.content,
            })),
            signal,
          }),
        )
      : null;
  } finally {
    leaveGate();
  }

  let answer = "";
  let finishReason = "stop";
  yield { type: "sources", items: passages.map(toSourceItem) };
  if (research) yield { type: "stage", stage: research.stage, iteration: research.iteration };
  if (!stream) {
    answer = noModelAnswer({ passages, language: request.language ?? "en" });
    yield { type: "delta", text: answer };
  } else {
    const filter = createThinkFilter();
    try {
      for await (const part of readModelText(await stream)) {
        if (part.type === "text") {
          const text = filter.push(part.text);
          if (text) {
            answer += text;
            yield { type: "delta", text };
          }
        } else {
          finishReason = part.finishReason;
        }
      }
    } catch (error) {
      // Anything the model's stream throws (a cut connection, a 500) is a ModelStreamError
      // that keeps what was already streamed.
      if (signal.aborted) throw error;
      throw modelError(error, answer);
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
  // The answer's calls are recorded as its stream ends; the turn's statement counts them
  // against the answer's message.
  await meter.settled();
  await saveTurn(
    deps.db,
    conversation,
    [
      {
        role: "user",
        content: storedQuestion(history.at(-1)?.content ?? "", listed),
        commit: snapshot.commit,
      },
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
    meter.callIds,
  );
  yield { type: "done", finish_reason: finishReason, usage: meter.totals(), citations };
}

/** The index run's progress while a chat waits for it, as `progress` events; then its result. */
async function* indexingEvents<Result>(
  indexing: AsyncGenerator<IndexProgress, Result>,
): AsyncGenerator<ChatEvent, Result> {
  try {
    for (;;) {
      const step = await indexing.next();
      if (step.done) return step.value;
      yield { type: "progress", phase: "indexing", ...step.value };
    }
  } finally {
    // A chat whose client left while it waited stops following the index run (which goes
    // on); for a wait that ended this does nothing (the value is never read).
    await indexing.return(undefined as Result);
  }
}

/** What an unlisted one-off keeps of its prompt: DeepWiki sends MBs per wiki page. */
const UNLISTED_QUESTION_TOKENS = 16_000;

/**
 * The question as stored. A user's own conversation keeps it whole; a one-off (an external
 * client's prompt, kept a day and never listed) keeps its head and tail.
 */
function storedQuestion(content: string, listed: boolean): string {
  return listed ? content : cutMiddle(content, UNLISTED_QUESTION_TOKENS).text;
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

/**
 * The system prompt and the conversation within the model's window, less the answer's
 * reserve; fitContext decides what gives way (passages, the file, older turns, the middle
 * of an over-long message).
 */
function promptWithin(
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
async function fileOf(db: Database, snapshot: SnapshotRow, filePath: string) {
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
async function pageOf(
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

function toSourceItem(result: SearchResult): SourceItem {
  return {
    path: result.path,
    start_line: result.start_line,
    end_line: result.end_line,
    score: result.score,
    ...(result.symbol ? { symbol: result.symbol } : {}),
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
