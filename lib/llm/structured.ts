import { generateText, type LanguageModel } from "ai";
import { type ZodError, type ZodType, z } from "zod";
import { AppError } from "../errors";
import { logger } from "../log";
import { structuredOutputInstructions, structuredRepairPrompt } from "./prompts/structured-output";

const log = logger("structured");

export interface StructuredRequest<T> {
  model: LanguageModel;
  schema: ZodType<T>;
  system: string;
  prompt: string;
  signal?: AbortSignal;
  /** What is asked for, e.g. "research plan"; shown to the model and in errors. */
  name?: string;
}

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * A schema-validated object from any chat model. Plain text generation, not the provider's
 * JSON mode, because OpenAI-compatible servers (Ollama, vLLM, llama.cpp) support that
 * unevenly; the reply is parsed tolerantly and, if still unusable, sent back once for repair.
 */
export async function generateStructured<T>(request: StructuredRequest<T>): Promise<T> {
  const { model, schema, signal, name } = request;
  const system = `${request.system}\n\n${structuredOutputInstructions({
    name,
    jsonSchema: jsonSchemaOf(schema),
  })}`;
  const first = await complete({ model, system, signal, messages: [user(request.prompt)] });
  const parsed = parseStructured(first, schema);
  if (parsed.ok) return parsed.value;

  const second = await complete({
    model,
    system,
    signal,
    messages: [
      user(request.prompt),
      { role: "assistant", content: first },
      user(structuredRepairPrompt({ invalidOutput: first, problem: parsed.problem })),
    ],
  });
  const repaired = parseStructured(second, schema);
  if (repaired.ok) return repaired.value;
  throw new AppError(
    "unavailable:model",
    `The model did not return a valid ${name ?? "JSON object"} after one repair attempt: ${repaired.problem}`,
  );
}

/**
 * The first JSON value in a model reply that satisfies the schema: the whole reply, a fenced
 * block, or the first balanced object or array in prose; trailing commas are forgiven.
 */
export function parseStructured<T>(text: string, schema: ZodType<T>): ParseOutcome<T> {
  const cleaned = text.replace(/<think>[\s\S]*?<\/think>/gi, "").trim();
  let problem = "The reply contains no JSON object.";
  let sawJson = false;
  for (const candidate of jsonCandidates(cleaned)) {
    const value = parseLenient(candidate);
    if (value === undefined) continue;
    const result = schema.safeParse(value);
    if (result.success) return { ok: true, value: result.data };
    if (!sawJson) problem = `The JSON does not match the schema: ${describeZodError(result.error)}`;
    sawJson = true;
  }
  if (!sawJson && cleaned.length > 0 && /[{[]/.test(cleaned))
    problem = "The reply contains JSON-like text that is not valid JSON.";
  return { ok: false, problem };
}

function* jsonCandidates(text: string): Generator<string> {
  yield text;
  for (const match of text.matchAll(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/g)) yield match[1];
  for (const opener of ["{", "["] as const) {
    const balanced = firstBalanced(text, opener);
    if (balanced) yield balanced;
  }
}

/** The first `{…}` (or `[…]`) whose brackets balance, ignoring brackets inside strings. */
function firstBalanced(text: string, opener: "{" | "["): string | null {
  const closer = opener === "{" ? "}" : "]";
  let start = text.indexOf(opener);
  while (start !== -1) {
    let depth = 0;
    let inString = false;
    for (let index = start; index < text.length; index++) {
      const char = text[index];
      if (inString) {
        if (char === "\\") index++;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === opener) depth++;
      else if (char === closer && --depth === 0) return text.slice(start, index + 1);
    }
    start = text.indexOf(opener, start + 1);
  }
  return null;
}

function parseLenient(candidate: string): unknown {
  const attempts = [candidate, candidate.replace(/,\s*([}\]])/g, "$1")];
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt);
    } catch {
      // try the next, more forgiving reading
    }
  }
  return undefined;
}

function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 6)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

function jsonSchemaOf(schema: ZodType): string | undefined {
  try {
    return JSON.stringify(z.toJSONSchema(schema));
  } catch {
    return undefined;
  }
}

const user = (content: string) => ({ role: "user" as const, content });

async function complete(input: {
  model: LanguageModel;
  system: string;
  signal?: AbortSignal;
  messages: { role: "user" | "assistant"; content: string }[];
}): Promise<string> {
  try {
    const result = await generateText({
      model: input.model,
      system: input.system,
      messages: input.messages,
      abortSignal: input.signal,
      maxRetries: 1,
    });
    return result.text;
  } catch (error) {
    if (input.signal?.aborted) throw error;
    log.error("model call failed", { error });
    throw new AppError("unavailable:model", "The model provider failed to answer");
  }
}
