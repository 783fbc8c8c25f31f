import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/env";
import type { ModelSettings } from "./model-settings";
import { defaultProviderOf, environmentProviders, providerCatalogue } from "./providers";

const variables: Record<string, string> = { VLLM_KEY: "sk-vllm" };
const fromEnvironment = (env: Record<string, string>) =>
  environmentProviders(loadConfig(env), (name) => variables[name]);
const connections = (env: Record<string, string>) =>
  fromEnvironment(env).map(({ id, kind, baseUrl, apiKey }) => ({ id, kind, baseUrl, apiKey }));

describe("environmentProviders: DeepWiki's variables", () => {
  it("offers none when no provider variable is set", () => {
    expect(fromEnvironment({})).toEqual([]);
  });

  it("offers each provider whose variables are set, at its own base URL with its own key", () => {
    expect(
      connections({
        OPENAI_API_KEY: "sk-openai",
        OPENROUTER_API_KEY: "sk-or",
        OLLAMA_HOST: "http://gpu:11434/",
        GOOGLE_API_KEY: "g-key",
        AZURE_OPENAI_API_KEY: "az-key",
        AZURE_OPENAI_ENDPOINT: "https://res.openai.azure.com/",
        AZURE_OPENAI_VERSION: "2024-10-21",
        CUSTOM_PROVIDERS: JSON.stringify([
          { id: "vllm", base_url: "https://vllm.internal/v1/", api_key_env: "VLLM_KEY" },
          { id: "lan", base_url: "http://lan.test/v1", api_key_env: "UNSET_KEY" },
        ]),
      }),
    ).toEqual([
      {
        id: "openai",
        kind: "openai-compatible",
        baseUrl: "https://api.openai.com/v1",
        apiKey: "sk-openai",
      },
      {
        id: "openrouter",
        kind: "openai-compatible",
        baseUrl: "https://openrouter.ai/api/v1",
        apiKey: "sk-or",
      },
      {
        id: "ollama",
        kind: "openai-compatible",
        baseUrl: "http://gpu:11434/v1",
        apiKey: undefined,
      },
      {
        id: "google",
        kind: "openai-compatible",
        baseUrl: "https://generativelanguage.googleapis.com/v1beta/openai",
        apiKey: "g-key",
      },
      {
        id: "azure",
        kind: "azure",
        baseUrl: "https://res.openai.azure.com/openai",
        apiKey: "az-key",
      },
      {
        id: "vllm",
        kind: "openai-compatible",
        baseUrl: "https://vllm.internal/v1",
        apiKey: "sk-vllm",
      },
      { id: "lan", kind: "openai-compatible", baseUrl: "http://lan.test/v1", apiKey: undefined },
    ]);
  });

  it("takes a base URL of the provider's own variable and its models and context window", () => {
    const [openrouter] = fromEnvironment({
      OPENROUTER_BASE_URL: "http://proxy.test/api/v1",
      OPENROUTER_MODELS: "a/b,c/d",
      OPENROUTER_CONTEXT_TOKENS: "64000",
    });
    expect(openrouter).toMatchObject({
      id: "openrouter",
      baseUrl: "http://proxy.test/api/v1",
      apiKey: undefined,
      models: ["a/b", "c/d"],
      contextTokens: 64_000,
      fromEnvironment: { connection: true, models: true, contextTokens: true },
    });
  });
});

describe("providerCatalogue", () => {
  const saved: ModelSettings = {
    providers: [
      { id: "openrouter", baseUrl: "http://capture.test/v1", apiKey: "sk-saved", models: ["x/y"] },
      { id: "local", baseUrl: "http://local.test/v1", models: [], contextTokens: 8_000 },
      { id: "openai", apiKey: "sk-saved-openai", models: [] },
    ],
  };

  it("keeps an environment provider's URL and key whatever Settings saved, taking only its models", () => {
    const catalogue = providerCatalogue(fromEnvironment({ OPENROUTER_API_KEY: "sk-env" }), saved);
    expect(
      catalogue.map(({ id, baseUrl, apiKey, models }) => ({ id, baseUrl, apiKey, models })),
    ).toEqual([
      {
        id: "openrouter",
        baseUrl: "https://openrouter.ai/api/v1",
        apiKey: "sk-env",
        models: ["x/y"],
      },
      { id: "local", baseUrl: "http://local.test/v1", apiKey: undefined, models: [] },
      { id: "openai", baseUrl: "https://api.openai.com/v1", apiKey: "sk-saved-openai", models: [] },
    ]);
  });

  it("prefers the models the environment names over those saved", () => {
    const [openrouter] = providerCatalogue(
      fromEnvironment({ OPENROUTER_API_KEY: "sk-env", OPENROUTER_MODELS: "env/model" }),
      saved,
    );
    expect(openrouter.models).toEqual(["env/model"]);
  });
});

describe("defaultProviderOf", () => {
  const catalogue = fromEnvironment({
    OPENROUTER_API_KEY: "k",
    OPENAI_API_KEY: "k",
    OLLAMA_HOST: "h",
  });
  it("is the one chosen in Settings, else openai, else the first", () => {
    expect(defaultProviderOf(catalogue, "ollama")?.id).toBe("ollama");
    expect(defaultProviderOf(catalogue, "gone")?.id).toBe("openai");
    expect(defaultProviderOf(catalogue.slice(1))?.id).toBe("openrouter");
    expect(defaultProviderOf([])).toBeUndefined();
  });
});
