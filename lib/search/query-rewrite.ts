/**
 * The optional query rewrite: before a question is searched, the chat model names the
 * identifiers, file names and code words likely to appear where the answer is, and the search
 * runs on the question and those terms together. Lexical retrieval matches words, and a question
 * says "invalidate a token" where the code says `revoke`. Off unless `QUERY_REWRITE=on`; one
 * short call with a deadline, and a model that fails or is slow leaves the question as it is.
 */
import { generateText, type LanguageModel } from "ai";
import { queryRewritePrompt } from "../llm/prompts/query-rewrite";
import { logger } from "../log";

const log = logger("search");

/** A rewrite that takes longer than this is dropped: the search goes on with the question. */
export const REWRITE_TIMEOUT_MS = 10_000;
/** Room for 12 terms, and a little for a model that cannot help saying more. */
const MAX_OUTPUT_TOKENS = 80;
const MAX_TERMS = 16;
/** A long follow-up's context is not needed to name the code it is about. */
const MAX_QUESTION_CHARS = 1_000;

export interface QueryRewrite {
  readonly enabled: boolean;
  /**
   * What to search for a question: the question and the model's terms when rewriting is on
   * and a model answers in time; the question alone otherwise. Throws only if `signal` aborts.
   */
  searchQuery(input: {
    question: string;
    model: LanguageModel | null;
    repository?: string;
    signal?: AbortSignal;
  }): Promise<string>;
}

export function createQueryRewrite(options: {
  enabled: boolean;
  timeoutMs?: number;
}): QueryRewrite {
  return {
    enabled: options.enabled,
    async searchQuery({ question, model, repository, signal }) {
      if (!options.enabled || !model) return question;
      try {
        const terms = await rewriteTerms({
          model,
          question,
          repository,
          signal,
          timeoutMs: options.timeoutMs,
        });
        log.debug("query rewritten", { terms });
        return withTerms(question, terms);
      } catch (error) {
        if (signal?.aborted) throw error;
        log.warn("query rewrite failed; searching the question as asked", {
          reason: error instanceof Error ? error.message : String(error),
        });
        return question;
      }
    },
  };
}

/** The model's search terms for a question; throws when the model fails or takes too long. */
export async function rewriteTerms(input: {
  model: LanguageModel;
  question: string;
  repository?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<string[]> {
  const { system, prompt } = queryRewritePrompt({
    question: input.question.slice(0, MAX_QUESTION_CHARS),
    repository: input.repository,
  });
  const deadline = AbortSignal.timeout(input.timeoutMs ?? REWRITE_TIMEOUT_MS);
  const result = await generateText({
    model: input.model,
    system,
    prompt,
    temperature: 0,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    maxRetries: 0,
    abortSignal: input.signal ? AbortSignal.any([input.signal, deadline]) : deadline,
  });
  return parseRewriteTerms(result.text);
}

/** A term as code spells it: identifiers, dotted or slashed names, file names. */
const TERM = /^[\p{L}\p{N}_$][\p{L}\p{N}_$./-]{0,63}$/u;

/**
 * The terms of a model's reply, in order, without repeats: hidden thinking, a label such as
 * `Terms:`, list markers, quotes and backticks are dropped, and so is anything that is not a
 * term (a list number, a lone letter).
 */
export function parseRewriteTerms(reply: string): string[] {
  const text = reply
    .replace(/<think>[\s\S]*?(<\/think>|$)/gi, " ")
    .replace(/^\s*(search\s+)?(terms|keywords|queries|query)\s*:/i, " ");
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/[\s,;]+/)) {
    const term = raw.replace(/^[-*•("'`[]+|[)("'`\]:.,]+$/g, "");
    if (term.length < 2 || !TERM.test(term) || !/\p{L}/u.test(term)) continue;
    if (seen.has(term.toLowerCase())) continue;
    seen.add(term.toLowerCase());
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** The question and the terms as one query: the question's own words still count. */
export function withTerms(question: string, terms: readonly string[]): string {
  return terms.length > 0 ? `${question}\n${terms.join(" ")}` : question;
}
