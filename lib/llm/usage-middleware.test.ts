import type { LanguageModelV3GenerateResult, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import type { ModelPrice } from "./prices";
import { estimateTokens } from "./token-budget";
import { type ModelCallUsage, meteredModel, type UsageRecorder } from "./usage-middleware";
import { isBudgetReached, UsageMeter, withUsageMeter, withUsageTarget } from "./usage-scope";

const usage = (input: number | undefined, output: number | undefined) => ({
  inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});

const reply = (text: string, input?: number, output?: number): LanguageModelV3GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: usage(input, output),
  warnings: [],
});

const streamed = (text: string, input?: number, output?: number) => ({
  stream: convertArrayToReadableStream<LanguageModelV3StreamPart>([
    { type: "text-start", id: "t" },
    { type: "text-delta", id: "t", delta: text },
    { type: "text-end", id: "t" },
    { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usage(input, output) },
  ]),
});

/** Records in memory, at a fixed price. */
function memoryRecorder(price: ModelPrice | null = { input: 2, output: 8 }) {
  const calls: ModelCallUsage[] = [];
  const recorder: UsageRecorder = {
    priceOf: async () => price,
    record: async (call) => {
      calls.push(call);
      const cost = price
        ? (call.inputTokens * price.input + call.outputTokens * price.output) / 1e6
        : null;
      return { id: `c${calls.length}`, ...call, cost };
    },
  };
  return { calls, recorder };
}

const identity = { provider: "openai", modelId: "gpt-test" };

describe("meteredModel", () => {
  it("records a generated call's reported usage against the scope's target", async () => {
    const { calls, recorder } = memoryRecorder();
    const model = meteredModel(
      new MockLanguageModelV3({ doGenerate: reply("hi", 100, 20) }),
      identity,
      recorder,
    );
    const meter = new UsageMeter({ userId: "u1", runId: "r1" });
    await withUsageMeter(meter, () =>
      withUsageTarget({ pageId: "intro" }, () => generateText({ model, prompt: "Say hi" })),
    );
    expect(calls).toEqual([
      {
        provider: "openai",
        model: "gpt-test",
        inputTokens: 100,
        outputTokens: 20,
        estimated: false,
        target: { userId: "u1", runId: "r1", pageId: "intro" },
      },
    ]);
    expect(meter.totals()).toEqual({
      input_tokens: 100,
      output_tokens: 20,
      cost: 0.00036,
      estimated: false,
    });
  });

  it("records a streamed call once its stream ends, with the usage of the finish part", async () => {
    const { calls, recorder } = memoryRecorder(null);
    const model = meteredModel(
      new MockLanguageModelV3({ doStream: streamed("Hello there", 40, 3) }),
      identity,
      recorder,
    );
    const meter = new UsageMeter({ chatId: "c1" });
    const result = withUsageMeter(meter, () => streamText({ model, prompt: "Greet" }));
    expect(await result.text).toBe("Hello there");
    await meter.settled();
    expect(calls.map((call) => [call.inputTokens, call.outputTokens, call.target])).toEqual([
      [40, 3, { chatId: "c1" }],
    ]);
    // No price: the cost is unknown, not zero.
    expect(meter.totals().cost).toBeNull();
  });

  it("estimates from the text, and says so, when the provider reports no usage", async () => {
    const { calls, recorder } = memoryRecorder();
    const answer = "An answer of some length, written without any usage report.";
    const model = meteredModel(
      new MockLanguageModelV3({ doStream: streamed(answer) }),
      identity,
      recorder,
    );
    const meter = new UsageMeter({});
    const result = withUsageMeter(meter, () => streamText({ model, prompt: "Question?" }));
    await result.text;
    await meter.settled();
    expect(calls[0]).toMatchObject({
      inputTokens: estimateTokens("Question?"),
      outputTokens: estimateTokens(answer),
      estimated: true,
    });
    expect(meter.totals().estimated).toBe(true);
  });

  it("refuses a call its budget cannot pay for, before the provider is asked", async () => {
    const { calls, recorder } = memoryRecorder();
    const mock = new MockLanguageModelV3({ doGenerate: reply("ok", 50, 50) });
    const model = meteredModel(mock, identity, recorder);
    const meter = new UsageMeter({ runId: "r" }, { maxTokens: 150 });
    await withUsageMeter(meter, () => generateText({ model, prompt: "one", maxRetries: 0 }));
    // 100 spent: a second call (50 + 50) would still fit its prompt, so it is made and crosses…
    await withUsageMeter(meter, () => generateText({ model, prompt: "two", maxRetries: 0 }));
    expect(meter.totals().input_tokens + meter.totals().output_tokens).toBe(200);
    // …and after a call that crossed the budget, nothing more is called.
    const refused = await withUsageMeter(meter, () =>
      generateText({ model, prompt: "three", maxRetries: 0 }),
    ).catch((error: unknown) => error);
    expect(isBudgetReached(refused)).toBe(true);
    expect(mock.doGenerateCalls).toHaveLength(2);
    expect(calls).toHaveLength(2);
  });

  it("counts the dollar budget at the model's input price", async () => {
    const { recorder } = memoryRecorder({ input: 1_000_000, output: 0 });
    const mock = new MockLanguageModelV3({ doGenerate: reply("ok", 1, 1) });
    const model = meteredModel(mock, identity, recorder);
    // Any prompt costs at least a dollar a token here: half a dollar pays for none.
    const meter = new UsageMeter({}, { maxCost: 0.5 });
    const refused = await withUsageMeter(meter, () =>
      generateText({ model, prompt: "hello", maxRetries: 0 }),
    ).catch((error: unknown) => error);
    expect(isBudgetReached(refused)).toBe(true);
    expect(mock.doGenerateCalls).toHaveLength(0);
  });

  it("records a call made outside any scope, with no user or target", async () => {
    const { calls, recorder } = memoryRecorder();
    const model = meteredModel(
      new MockLanguageModelV3({ doGenerate: reply("x", 5, 1) }),
      identity,
      recorder,
    );
    await generateText({ model, prompt: "p" });
    expect(calls[0].target).toEqual({});
  });
});

describe("UsageMeter", () => {
  it("starts from what a resumed run already spent", () => {
    const meter = new UsageMeter(
      { runId: "r" },
      { maxTokens: 100 },
      { input_tokens: 60, output_tokens: 30, cost: 0.5, estimated: true },
    );
    expect(() => meter.assertRoomFor(5, null)).not.toThrow();
    expect(() => meter.assertRoomFor(11, null)).toThrow(/Budget reached/);
    meter.add({ id: "x", inputTokens: 1, outputTokens: 1, cost: 0.25, estimated: false });
    expect(meter.totals()).toEqual({
      input_tokens: 61,
      output_tokens: 31,
      cost: 0.75,
      estimated: true,
    });
  });
});
