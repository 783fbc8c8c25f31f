import { describe, expect, it } from "vitest";
import { loadConfig } from "./env";

describe("CUSTOM_PROVIDERS", () => {
  it("reads a JSON list of OpenAI-compatible providers", () => {
    const config = loadConfig({
      CUSTOM_PROVIDERS: JSON.stringify([
        {
          id: "lmstudio",
          name: "LM Studio",
          base_url: "http://localhost:1234/v1",
          models: ["qwen2.5-coder"],
          context_tokens: 32768,
        },
        { id: "vllm", base_url: "https://vllm.internal/v1", api_key_env: "VLLM_KEY" },
      ]),
    });
    expect(config.CUSTOM_PROVIDERS).toEqual([
      {
        id: "lmstudio",
        name: "LM Studio",
        base_url: "http://localhost:1234/v1",
        models: ["qwen2.5-coder"],
        context_tokens: 32768,
      },
      { id: "vllm", base_url: "https://vllm.internal/v1", api_key_env: "VLLM_KEY" },
    ]);
    expect(loadConfig({}).CUSTOM_PROVIDERS).toEqual([]);
  });

  it.each([
    ["not JSON", "[{id: lmstudio}]", /JSON list/],
    ["no base URL", '[{"id":"a"}]', /base_url/],
    ["a base URL that is not http(s)", '[{"id":"a","base_url":"file:///etc/passwd"}]', /http/],
    ["a built-in name", '[{"id":"openai","base_url":"http://x.test/v1"}]', /built-in/],
    [
      "two providers with one id",
      '[{"id":"a","base_url":"http://x.test/v1"},{"id":"a","base_url":"http://y.test/v1"}]',
      /same id/,
    ],
    ["an id with capitals", '[{"id":"My Provider","base_url":"http://x.test/v1"}]', /lower-case/],
    [
      "a key variable that is no name",
      '[{"id":"a","base_url":"http://x.test/v1","api_key_env":"sk-123"}]',
      /variable name/,
    ],
  ])("refuses %s, naming the variable", (_what, value, message) => {
    expect(() => loadConfig({ CUSTOM_PROVIDERS: value })).toThrow(/CUSTOM_PROVIDERS/);
    expect(() => loadConfig({ CUSTOM_PROVIDERS: value })).toThrow(message);
  });
});

describe("the built-in providers' variables", () => {
  it("reads model lists and context windows per provider", () => {
    const config = loadConfig({
      OPENROUTER_MODELS: "openai/gpt-4o-mini, anthropic/claude-3.5-sonnet",
      OLLAMA_CONTEXT_TOKENS: "8192",
    });
    expect(config.OPENROUTER_MODELS).toEqual(["openai/gpt-4o-mini", "anthropic/claude-3.5-sonnet"]);
    expect(config.OLLAMA_CONTEXT_TOKENS).toBe(8192);
    expect(() => loadConfig({ GOOGLE_CONTEXT_TOKENS: "lots" })).toThrow(/GOOGLE_CONTEXT_TOKENS/);
  });

  it.each([
    ["http://gpu-box:11434", "http://gpu-box:11434"],
    ["gpu-box", "http://gpu-box:11434"],
    ["0.0.0.0:8080", "http://0.0.0.0:8080"],
  ])("reads OLLAMA_HOST=%s as %s, the way Ollama does", (value, url) => {
    expect(loadConfig({ OLLAMA_HOST: value }).OLLAMA_HOST).toBe(url);
  });

  it("needs all three Azure variables once one is set", () => {
    expect(() => loadConfig({ AZURE_OPENAI_API_KEY: "k" })).toThrow(
      /missing AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_VERSION/,
    );
    expect(() => loadConfig({ GOOGLE_BASE_URL: "ftp://x.test" })).toThrow(/GOOGLE_BASE_URL/);
  });
});
