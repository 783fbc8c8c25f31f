import type { LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isAppError } from "../errors";
import { generateStructured, parseStructured } from "./structured";

const plan = z.object({
  questions: z.array(z.string()).min(1),
  queries: z.array(z.string()),
});

const reply = (text: string): LanguageModelV3GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: {
    inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 10, text: 10, reasoning: 0 },
  },
  warnings: [],
});

const modelReplying = (...texts: string[]) =>
  new MockLanguageModelV3({ doGenerate: texts.map(reply) });

const ask = (model: MockLanguageModelV3) =>
  generateStructured({ model, schema: plan, system: "Plan.", prompt: "How?", name: "plan" });

const promptText = (model: MockLanguageModelV3, call: number) =>
  JSON.stringify(model.doGenerateCalls[call].prompt);

describe("generateStructured", () => {
  it("returns a valid reply as is, telling the model the schema", async () => {
    const model = modelReplying('{"questions":["a"],"queries":["q"]}');
    await expect(ask(model)).resolves.toEqual({ questions: ["a"], queries: ["q"] });
    expect(model.doGenerateCalls).toHaveLength(1);
    expect(promptText(model, 0)).toContain("questions");
  });

  it("reads JSON inside fences or prose, with trailing commas and think tags", async () => {
    const fenced = modelReplying(
      '<think>hmm {"x":1}</think>Here you go:\n```json\n{"questions":["a",],"queries":[],}\n```\nDone.',
    );
    await expect(ask(fenced)).resolves.toEqual({ questions: ["a"], queries: [] });
    const prose = modelReplying(
      'Sure! The plan is {"questions":["why {x}?"],"queries":["q"]} and that is all.',
    );
    await expect(ask(prose)).resolves.toEqual({ questions: ["why {x}?"], queries: ["q"] });
  });

  it("sends an invalid reply back once with the reason and uses the corrected one", async () => {
    const model = modelReplying(
      '{"questions":[],"queries":"q"}',
      '{"questions":["a"],"queries":["q"]}',
    );
    await expect(ask(model)).resolves.toEqual({ questions: ["a"], queries: ["q"] });
    expect(model.doGenerateCalls).toHaveLength(2);
    const repair = promptText(model, 1);
    expect(repair).toContain("could not be used");
    expect(repair).toContain("queries");
  });

  it("fails with an unavailable:model error when the repair is invalid too", async () => {
    const model = modelReplying("I cannot do that.", "Still no JSON, sorry.");
    const error = await ask(model).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe("unavailable:model");
    expect((error as Error).message).toMatch(/valid plan after one repair/);
    expect(model.doGenerateCalls).toHaveLength(2);
  });

  it("passes the abort signal to the model", async () => {
    const controller = new AbortController();
    const model = modelReplying('{"questions":["a"],"queries":[]}');
    await generateStructured({
      model,
      schema: plan,
      system: "s",
      prompt: "p",
      signal: controller.signal,
    });
    expect(model.doGenerateCalls[0].abortSignal).toBe(controller.signal);
  });
});

describe("parseStructured", () => {
  it("says why nothing was usable", () => {
    const outcome = parseStructured('{"questions": 3}', plan);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem).toContain("questions");
  });
});
