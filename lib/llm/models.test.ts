import { generateText } from "ai";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../config/env";
import type { ModelSettings } from "./model-settings";
import { ModelRegistry } from "./models";

/** Every request a model call made: where it went and the key it carried. */
interface SentRequest {
  url: string;
  authorization: string | null;
}

const ENV_URL = "http://env-provider.test/v1";
const ENV_KEY = "sk-env-key";
const SAVED_URL = "http://saved-provider.test/v1";
const SAVED_KEY = "sk-saved-key";
const OPENAI_DEFAULT = "https://api.openai.com/v1";

let sent: SentRequest[];

// No network: every provider answers from here, and each request is recorded.
beforeEach(() => {
  sent = [];
  vi.stubGlobal("fetch", async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    sent.push({ url, authorization: new Headers(init?.headers).get("authorization") });
    const path = new URL(url).pathname;
    if (path.endsWith("/models")) return Response.json({ data: [{ id: "listed-model" }] });
    if (path.endsWith("/embeddings")) {
      return Response.json({
        data: [{ index: 0, embedding: [1, 0] }],
        usage: { prompt_tokens: 1 },
      });
    }
    return Response.json({
      id: "c",
      created: 0,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 1, completion_tokens: 1 },
    });
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The `openai` provider as the single-provider Settings page saved it. */
const savedOpenAi = (baseUrl?: string, apiKey?: string): ModelSettings => ({
  providers: [{ id: "openai", baseUrl, apiKey, models: [] }],
});

function registry(
  env: Record<string, string>,
  saved: ModelSettings | (() => ModelSettings) = { providers: [] },
) {
  return new ModelRegistry(loadConfig({ ...env, EMBEDDING_MODEL: "embed-model" }), async () =>
    typeof saved === "function" ? saved() : saved,
  );
}

/** Makes every kind of model call once: chat, the model listing, an embedding. */
async function callEverything(models: ModelRegistry) {
  const chat = await models.resolveChat({});
  if (chat) await generateText({ model: chat.model, prompt: "hi", maxRetries: 0 });
  await models.describeProviders();
  await (await models.embedder())?.embedQuery("hi");
  return sent.map((request) => ({
    endpoint: new URL(request.url).pathname.split("/").pop(),
    to: request.url.slice(0, request.url.lastIndexOf("/")),
    authorization: request.authorization,
  }));
}

describe("ModelRegistry: a key goes only with its own base URL", () => {
  it("sends the environment's key only to the environment's base URL, whatever Settings saved", async () => {
    const calls = await callEverything(
      registry(
        { OPENAI_BASE_URL: ENV_URL, OPENAI_API_KEY: ENV_KEY },
        savedOpenAi(SAVED_URL, SAVED_KEY),
      ),
    );
    expect(calls).toEqual([
      { endpoint: "completions", to: `${ENV_URL}/chat`, authorization: `Bearer ${ENV_KEY}` },
      { endpoint: "models", to: ENV_URL, authorization: `Bearer ${ENV_KEY}` },
      { endpoint: "embeddings", to: ENV_URL, authorization: `Bearer ${ENV_KEY}` },
    ]);
  });

  it("sends an environment key without a base URL to the provider's default, never to a URL saved in Settings", async () => {
    const models = registry({ OPENAI_API_KEY: ENV_KEY }, savedOpenAi(SAVED_URL));
    const calls = await callEverything(models);
    expect(calls.map((call) => call.to)).toEqual([
      `${OPENAI_DEFAULT}/chat`,
      OPENAI_DEFAULT,
      OPENAI_DEFAULT,
    ]);
    expect(calls.every((call) => call.authorization === `Bearer ${ENV_KEY}`)).toBe(true);
    expect((await models.effective()).providers[0].fromEnvironment.connection).toBe(true);
  });

  it("keeps an environment base URL without a key keyless, even when Settings saved a key", async () => {
    const calls = await callEverything(
      registry({ OPENAI_BASE_URL: ENV_URL }, savedOpenAi(SAVED_URL, SAVED_KEY)),
    );
    expect(new Set(calls.map((call) => call.to.replace(/\/chat$/, "")))).toEqual(
      new Set([ENV_URL]),
    );
    expect(calls.some((call) => call.authorization?.includes(SAVED_KEY))).toBe(false);
  });

  it("uses the pair saved in Settings when the environment sets neither half", async () => {
    const models = registry({}, savedOpenAi(SAVED_URL, SAVED_KEY));
    const calls = await callEverything(models);
    expect(calls.map((call) => [call.to.replace(/\/chat$/, ""), call.authorization])).toEqual([
      [SAVED_URL, `Bearer ${SAVED_KEY}`],
      [SAVED_URL, `Bearer ${SAVED_KEY}`],
      [SAVED_URL, `Bearer ${SAVED_KEY}`],
    ]);
    expect((await models.effective()).providers[0].fromEnvironment.connection).toBe(false);
  });

  it("never sends the chat key to a separate EMBEDDING_BASE_URL that has no key of its own", async () => {
    const models = registry({
      OPENAI_BASE_URL: ENV_URL,
      OPENAI_API_KEY: ENV_KEY,
      EMBEDDING_BASE_URL: "http://embeddings.test/v1",
    });
    await (await models.embedder())?.embedQuery("hi");
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe("http://embeddings.test/v1/embeddings");
    expect(sent[0].authorization ?? "").not.toContain(ENV_KEY);
  });

  it("sends EMBEDDING_API_KEY with EMBEDDING_BASE_URL, and the chat key when that URL is the chat URL", async () => {
    await (
      await registry({
        OPENAI_API_KEY: ENV_KEY,
        EMBEDDING_BASE_URL: "http://embeddings.test/v1",
        EMBEDDING_API_KEY: "sk-embed",
      }).embedder()
    )?.embedQuery("hi");
    await (
      await registry({
        OPENAI_BASE_URL: ENV_URL,
        OPENAI_API_KEY: ENV_KEY,
        EMBEDDING_BASE_URL: `${ENV_URL}/`,
      }).embedder()
    )?.embedQuery("hi");
    expect(sent.map((request) => [request.url, request.authorization])).toEqual([
      ["http://embeddings.test/v1/embeddings", "Bearer sk-embed"],
      [`${ENV_URL}/embeddings`, `Bearer ${ENV_KEY}`],
    ]);
  });

  it("stops sending a key replaced in Settings, even to the same URL", async () => {
    let saved = savedOpenAi(SAVED_URL, SAVED_KEY);
    const models = registry({}, () => saved);
    await (await models.embedder())?.embedQuery("hi");
    saved = savedOpenAi(SAVED_URL, "sk-new-key");
    models.settingsChanged();
    await (await models.embedder())?.embedQuery("hi");
    expect(sent.map((request) => request.authorization)).toEqual([
      `Bearer ${SAVED_KEY}`,
      "Bearer sk-new-key",
    ]);
  });
});

describe("ModelRegistry: several providers", () => {
  const ROUTER_URL = "http://router.test/v1";
  const env = {
    OPENAI_BASE_URL: ENV_URL,
    OPENAI_API_KEY: ENV_KEY,
    OPENROUTER_BASE_URL: ROUTER_URL,
    OPENROUTER_API_KEY: "sk-router",
    OPENROUTER_MODELS: "router/one,router/embed-two",
  };

  it("sends a chat to the provider it names, with that provider's key and first model", async () => {
    const chat = await registry(env).resolveChat({ provider: "openrouter" });
    expect(chat).toMatchObject({ provider: "openrouter", modelId: "router/one" });
    await generateText({ model: chat!.model, prompt: "hi", maxRetries: 0 });
    expect(sent).toEqual([
      { url: `${ROUTER_URL}/chat/completions`, authorization: "Bearer sk-router" },
    ]);
  });

  it("uses the default provider for an empty provider, as DeepWiki clients send it", async () => {
    const chat = await registry(env).resolveChat({ provider: "", model: "" });
    expect(chat).toMatchObject({ provider: "openai", modelId: "gpt-4o-mini" });
  });

  it("refuses a provider that is not configured, naming those that are", async () => {
    await expect(registry(env).resolveChat({ provider: "ollama" })).rejects.toMatchObject({
      status: 400,
      message: "The provider ollama is not configured; configured: openai, openrouter",
    });
    expect(sent).toEqual([]);
  });

  it("answers without a model when no provider is configured at all, whatever the request names", async () => {
    expect(await registry({}).resolveChat({ provider: "google" })).toBeNull();
  });

  it("fits into the provider's context window, else CHAT_CONTEXT_TOKENS, else the model's", async () => {
    const contextOf = async (extra: Record<string, string>, model: string) =>
      (await registry({ ...env, ...extra }).resolveChat({ provider: "openrouter", model }))
        ?.contextTokens;
    expect(
      await contextOf(
        { OPENROUTER_CONTEXT_TOKENS: "50000", CHAT_CONTEXT_TOKENS: "9000" },
        "gpt-4o",
      ),
    ).toBe(50_000);
    expect(await contextOf({ CHAT_CONTEXT_TOKENS: "9000" }, "gpt-4o")).toBe(9_000);
    expect(await contextOf({}, "gpt-4o")).toBe(128_000);
    expect(await contextOf({}, "some-unknown-model")).toBe(16_000);
  });

  it("describes every provider with its chat models only, the default model first", async () => {
    expect(await registry({ ...env, CHAT_MODEL: "env-default" }).describeProviders()).toEqual({
      defaultProvider: "openai",
      providers: [
        {
          id: "openai",
          name: "OpenAI-compatible",
          models: [
            { id: "env-default", name: "env-default" },
            { id: "listed-model", name: "listed-model" },
          ],
          supportsCustomModel: true,
        },
        {
          id: "openrouter",
          name: "OpenRouter",
          models: [{ id: "router/one", name: "router/one" }],
          supportsCustomModel: true,
        },
      ],
    });
  });
});
