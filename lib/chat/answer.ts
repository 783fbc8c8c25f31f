import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { DEFAULT_CONTEXT_TOKENS } from "../llm/context-windows";
import { modelFailure } from "../llm/model-failure";
import { readModelText, startModelTextStream } from "../llm/model-text-stream";
import type { ModelRegistry } from "../llm/models";
import { noModelAnswer } from "../llm/prompts/no-model";
import { UsageMeter, withUsageMeter } from "../llm/usage-scope";
import { isLogged, logger } from "../log";
import type { ChatEvent, ChatMessage, ChatRequest, SourceItem } from "../protocol/chat";
import { getLineCounts } from "../repos/queries";
import type { RepoService } from "../repos/service";
import type { IndexProgress } from "../repos/snapshot-indexing";
import type { QueryRewrite } from "../search/query-rewrite";
import type { SearchResult, SnapshotSearch } from "../search/retrieval";
import type { Services } from "../services";
import { extractCitations, verifyCitations } from "./citations";
import { conversationOf, saveTurn } from "./conversation";
import { researchStateOf, retrievalQueryOf } from "./deep-research";
import { cutMiddle } from "./fit-context";
import type { PreparationGate } from "./preparation-gate";
import { fileOf, pageOf, promptWithin, RETRIEVE } from "./prompt";
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
  // Where the time before the model goes, for the debug log (see preparedLog).
  const marks: [string, number][] = [["start", performance.now()]];
  // An unconfigured provider is refused before any indexing starts.
  const resolved = await deps.models.resolveChat(request);
  marks.push(["model", performance.now()]);
  const { repository, snapshot } = yield* indexingEvents(
    deps.repos.ensureIndexed(principal, request, signal),
  );
  marks.push(["snapshot", performance.now()]);
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
  marks.push(["query", performance.now()]);
  const leaveGate = await deps.gate.enter(signal);
  marks.push(["gate", performance.now()]);
  try {
    const retrieved = (
      await deps.search.search(snapshot.id, query, RETRIEVE + alreadyRead.size, signal)
    ).filter((result) => !alreadyRead.has(result.chunk_id) && !citedBefore(history, result));
    marks.push(["search", performance.now()]);
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
    marks.push(["prompt", performance.now()]);
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
  marks.push(["request", performance.now()]);
  if (isLogged("debug")) log.debug("answer prepared", preparedLog(marks));

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

/** Milliseconds of each step before the model is asked: `{model_ms, snapshot_ms, …, total_ms}`. */
function preparedLog(marks: [string, number][]): Record<string, number> {
  const fields: Record<string, number> = {};
  for (let index = 1; index < marks.length; index += 1) {
    fields[`${marks[index][0]}_ms`] = Number((marks[index][1] - marks[index - 1][1]).toFixed(2));
  }
  fields.total_ms = Number((marks.at(-1)![1] - marks[0][1]).toFixed(2));
  return fields;
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
