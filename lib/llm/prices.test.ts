import { describe, expect, it } from "vitest";
import { costOf, DEFAULT_PRICES, effectivePrices, priceKeyOf, priceOf } from "./prices";

describe("priceOf", () => {
  it("finds the defaults of common models, by exact id", () => {
    expect(priceOf("gpt-4o", DEFAULT_PRICES)).toEqual({ input: 2.5, output: 10 });
    expect(priceOf("gpt-4o-mini", DEFAULT_PRICES)).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf("o4-mini", DEFAULT_PRICES)).toEqual({ input: 1.1, output: 4.4 });
    expect(priceOf("gemini-2.5-pro", DEFAULT_PRICES)).toEqual({ input: 1.25, output: 10 });
  });

  it("matches dated, tagged and routed ids to their model, the longest entry first", () => {
    expect(priceOf("gpt-4o-2024-08-06", DEFAULT_PRICES)).toEqual({ input: 2.5, output: 10 });
    expect(priceOf("gpt-4o-mini-2024-07-18", DEFAULT_PRICES)).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf("openai/gpt-4.1-mini", DEFAULT_PRICES)).toEqual({ input: 0.4, output: 1.6 });
    expect(priceOf("claude-3-5-sonnet-20241022", DEFAULT_PRICES)).toEqual({ input: 3, output: 15 });
    expect(priceOf("anthropic/claude-3.5-haiku", DEFAULT_PRICES)).toEqual({
      input: 0.8,
      output: 4,
    });
    expect(priceOf("GPT-4o-latest", DEFAULT_PRICES)).toEqual({ input: 2.5, output: 10 });
  });

  it("gives no price to a model it does not know, nor to a variant of a known one", () => {
    expect(priceOf("llama3.1", DEFAULT_PRICES)).toBeNull();
    expect(priceOf("fixture-chat", DEFAULT_PRICES)).toBeNull();
    // o3-pro is not o3, and gpt-4o-audio is not gpt-4o.
    expect(priceOf("o3-pro", DEFAULT_PRICES)).toBeNull();
    expect(priceOf("gpt-4o-audio-preview", DEFAULT_PRICES)).toBeNull();
  });

  it("lets a configured price replace a default and price models it did not know", () => {
    const prices = effectivePrices([
      { model: "gpt-4o", input: 1, output: 2 },
      { model: "llama3.1", input: 0, output: 0 },
    ]);
    expect(priceOf("gpt-4o-2024-08-06", prices)).toEqual({ input: 1, output: 2 });
    expect(priceOf("llama3.1", prices)).toEqual({ input: 0, output: 0 });
    expect(priceOf("gpt-4o-mini", prices)).toEqual({ input: 0.15, output: 0.6 });
    expect(prices.filter((entry) => priceKeyOf(entry.model) === "gpt-4o")).toHaveLength(1);
  });
});

describe("costOf", () => {
  it("prices input and output tokens per million", () => {
    expect(costOf({ input: 1_000_000, output: 0 }, { input: 2.5, output: 10 })).toBe(2.5);
    expect(costOf({ input: 1_200, output: 300 }, { input: 0.15, output: 0.6 })).toBe(0.00036);
    expect(costOf({ input: 0, output: 0 }, { input: 2, output: 8 })).toBe(0);
  });

  it("is null without a price", () => {
    expect(costOf({ input: 10, output: 10 }, null)).toBeNull();
  });
});
