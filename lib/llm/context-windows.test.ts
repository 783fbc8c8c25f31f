import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/env";
import { contextWindowOf, DEFAULT_CONTEXT_TOKENS } from "./context-windows";
import { ModelRegistry } from "./models";

describe("contextWindowOf", () => {
  it.each([
    ["gpt-4o", 128_000],
    ["gpt-4o-mini", 128_000],
    ["openai/gpt-4o-2024-08-06", 128_000],
    ["gpt-4.1-mini", 1_000_000],
    ["gpt-5", 400_000],
    ["gpt-5-mini", 400_000],
    ["gpt-5-chat-latest", 128_000],
    ["o1", 200_000],
    ["o1-mini", 128_000],
    ["o3-mini", 200_000],
    ["o4-mini-2025-04-16", 200_000],
    ["gpt-3.5-turbo", 16_000],
    ["gpt-4", 8_000],
    ["gpt-4-32k", 32_000],
    ["anthropic/claude-3.5-sonnet", 200_000],
    ["claude-sonnet-4-20250514", 200_000],
    ["google/gemini-2.5-pro", 1_000_000],
    ["gemini-1.5-flash", 1_000_000],
    ["gemini-pro", 32_000],
    ["meta-llama/llama-3.3-70b-instruct", 128_000],
    ["llama3.1:8b", 128_000],
    ["llama3.2", 128_000],
    ["llama3:8b", 8_000],
    ["qwen2.5-coder:32b", 32_000],
    ["qwen/qwen3-235b-a22b", 32_000],
    ["mistralai/mixtral-8x7b-instruct", 32_000],
    ["mistral-large-latest", 128_000],
    ["deepseek-chat", 64_000],
    ["deepseek/deepseek-r1", 128_000],
    ["deepseek-r1:14b", 128_000],
    ["microsoft/phi-3-mini-128k-instruct", 128_000],
  ])("%s → %i", (modelId, window) => {
    expect(contextWindowOf(modelId)).toBe(window);
  });

  it("gives a model it does not know the conservative default", () => {
    expect(contextWindowOf("fixture-chat")).toBe(DEFAULT_CONTEXT_TOKENS);
    expect(contextWindowOf("")).toBe(16_000);
  });
});

describe("ModelRegistry.resolveChat decides the window once", () => {
  const registry = (config: { CHAT_MODEL?: string; CHAT_CONTEXT_TOKENS?: number }) =>
    new ModelRegistry({
      ...loadConfig({ OPENAI_BASE_URL: "http://provider.test/v1" }),
      CHAT_MODEL: config.CHAT_MODEL,
      CHAT_CONTEXT_TOKENS: config.CHAT_CONTEXT_TOKENS,
    });

  it("knows the window of the model asked for, or of the configured default model", async () => {
    expect((await registry({}).resolveChat({ model: "gpt-4.1" }))?.contextTokens).toBe(1_000_000);
    expect((await registry({ CHAT_MODEL: "llama3.1:8b" }).resolveChat({}))?.contextTokens).toBe(
      128_000,
    );
    expect((await registry({}).resolveChat({ model: "my-finetune" }))?.contextTokens).toBe(16_000);
  });

  it("lets CHAT_CONTEXT_TOKENS override what the table knows", async () => {
    const models = registry({ CHAT_CONTEXT_TOKENS: 8_192 });
    expect((await models.resolveChat({ model: "gpt-4o" }))?.contextTokens).toBe(8_192);
    expect((await models.resolveChat({ model: "my-finetune" }))?.contextTokens).toBe(8_192);
  });
});
