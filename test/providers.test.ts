import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ResearchReport } from "../lib/protocol/research";
import { chatOverSocket } from "./support/chat-client";
import { api, waitForStatus } from "./support/clients";
import { ModelFixture } from "./support/model-fixture";
import { createShopRepo, researcher, startResearch } from "./support/research-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// Issue #12 item 6: several named providers, each an OpenAI-compatible endpoint with its
// own base URL, key and models, selected by DeepWiki's names.

const OPENAI_KEY = "sk-openai-K3Y-1f0e";
const ROUTER_KEY = "sk-or-K3Y-77ab";
const AZURE_KEY = "az-K3Y-5c21";

let openai: ModelFixture;
let openrouter: ModelFixture;
let azure: ModelFixture;
let server: ServerProcess;
let repo: ReturnType<typeof createShopRepo>;

beforeAll(async () => {
  [openai, openrouter, azure] = await Promise.all([
    new ModelFixture({
      models: ["fixture-chat", "fixture-embed", "text-embedding-3-small"],
    }).start(),
    new ModelFixture({ respond: researcher }).start(),
    new ModelFixture().start(),
  ]);
  repo = createShopRepo();
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: repo.allowedRoot,
      OPENAI_BASE_URL: openai.url,
      OPENAI_API_KEY: OPENAI_KEY,
      OPENROUTER_BASE_URL: openrouter.url,
      OPENROUTER_API_KEY: ROUTER_KEY,
      OPENROUTER_MODELS: "router/chat-a,router/chat-b,router/embed-c",
      AZURE_OPENAI_ENDPOINT: new URL(azure.url).origin,
      AZURE_OPENAI_API_KEY: AZURE_KEY,
      AZURE_OPENAI_VERSION: "2024-10-21",
      AZURE_MODELS: "my-gpt-deployment",
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await Promise.all([openai?.stop(), openrouter?.stop(), azure?.stop()]);
});

/** Every fixture forgets what it saw: each test counts only its own requests. */
beforeEach(() => {
  for (const fixture of [openai, openrouter, azure]) {
    fixture.calls.length = 0;
    fixture.requests.length = 0;
  }
});

const carrying = (fixture: ModelFixture, secret: string) =>
  fixture.requests.filter((request) => JSON.stringify(request.headers).includes(secret));

const ask = (body: Record<string, unknown>) =>
  chatOverSocket(server.url, {
    repo_url: repo.repoDir,
    messages: [{ role: "user", content: "How does checkout charge a customer?" }],
    stream: "events",
    ...body,
  });

describe("a request naming a provider", () => {
  it("goes to that provider with its own key, and the other providers see nothing", async () => {
    const outcome = await ask({ provider: "openrouter" });
    expect(outcome.code).toBe(1000);
    // The first question may wait for the index (progress events) before its meta event.
    const events = outcome.frames.map((frame) => JSON.parse(frame) as { type: string });
    expect(events.find((event) => event.type !== "progress")).toMatchObject({
      type: "meta",
      provider: "openrouter",
      model: "router/chat-a",
    });
    expect(openrouter.calls).toHaveLength(1);
    expect(openrouter.calls[0]).toMatchObject({
      model: "router/chat-a",
      authorization: `Bearer ${ROUTER_KEY}`,
    });
    expect(openai.requests).toEqual([]);
    expect(azure.requests).toEqual([]);
    expect(carrying(openrouter, OPENAI_KEY)).toEqual([]);
  });

  it("goes to the default provider, openai, when it names none", async () => {
    const outcome = await ask({ provider: "", model: "fixture-chat" });
    expect(outcome.code).toBe(1000);
    expect(openai.calls.map((call) => call.authorization)).toEqual([`Bearer ${OPENAI_KEY}`]);
    expect(openrouter.requests).toEqual([]);
  });

  it("reaches an Azure deployment with the api-key header and the api-version, never a bearer token", async () => {
    const outcome = await ask({ provider: "azure", stream: "text" });
    expect(outcome.code).toBe(1000);
    expect(outcome.frames.join("")).toMatch(/This answers/);
    const [request] = azure.requests;
    expect(`${request.method} ${request.url}`).toBe(
      "POST /openai/deployments/my-gpt-deployment/chat/completions?api-version=2024-10-21",
    );
    expect(request.headers["api-key"]).toBe(AZURE_KEY);
    expect(request.headers.authorization).toBeUndefined();
    expect([...openai.requests, ...openrouter.requests]).toEqual([]);
  });

  it("runs a research with the provider it names", async () => {
    const started = await startResearch(server.url, {
      query: "How does checkout charge a customer?",
      repo_url: repo.repoDir,
      mode: "quick",
      provider: "openrouter",
      model: "router/chat-b",
    });
    expect(started.status).toBe(200);
    await waitForStatus(server.url, started.body.research_id, ["completed"], 60_000);
    const report = await api<ResearchReport>(server.url, `/api/report/${started.body.research_id}`);
    expect(report.body.metadata).toMatchObject({ provider: "openrouter", model: "router/chat-b" });
    expect(openrouter.calls.length).toBeGreaterThan(0);
    expect(openrouter.calls.every((call) => call.authorization === `Bearer ${ROUTER_KEY}`)).toBe(
      true,
    );
    expect(openai.calls).toEqual([]);
  });
});

describe("a provider that is not configured", () => {
  const refusal = "The provider ollama is not configured; configured: openai, openrouter, azure";

  it("ends a chat with the reason and 1003 (text and events)", async () => {
    const text = await ask({ provider: "ollama", stream: "text" });
    expect(text).toMatchObject({ code: 1003, frames: [`Error: ${refusal}`] });
    const events = await ask({ provider: "ollama" });
    expect(events.code).toBe(1003);
    expect(events.frames.map((frame) => JSON.parse(frame))).toEqual([
      { type: "error", code: "bad_request:model", message: refusal },
    ]);
  });

  it("is a 400 before any streaming over HTTP, for a wiki and for a research", async () => {
    const chat = await api<{ error: { message: string } }>(server.url, "/api/chat/stream", {
      method: "POST",
      json: {
        repo_url: repo.repoDir,
        messages: [{ role: "user", content: "hi" }],
        provider: "ollama",
      },
    });
    expect(chat.status).toBe(400);
    expect(chat.body.error.message).toBe(refusal);
    const wiki = await api<{ error: { message: string } }>(server.url, "/api/wikis", {
      method: "POST",
      json: { repo_url: repo.repoDir, provider: "ollama" },
    });
    expect(wiki.status).toBe(400);
    expect(wiki.body.error.message).toBe(refusal);
    const research = await startResearch(server.url, {
      query: "q",
      repo_url: repo.repoDir,
      provider: "ollama",
    });
    expect(research.status).toBe(400);
    expect(research.body).toMatchObject({ status: "error", message: refusal });
    expect([...openai.calls, ...openrouter.calls, ...azure.calls]).toEqual([]);
  });
});

describe("GET /models/config", () => {
  it("lists every configured provider with its chat models only, in DeepWiki's shape", async () => {
    const config = await api(server.url, "/models/config");
    expect(config.body).toEqual({
      defaultProvider: "openai",
      providers: [
        {
          id: "openai",
          name: "OpenAI-compatible",
          // gpt-4o-mini: openai's default model, as no CHAT_MODEL is set; the rest its /models.
          models: [
            { id: "gpt-4o-mini", name: "gpt-4o-mini" },
            { id: "fixture-chat", name: "fixture-chat" },
          ],
          supportsCustomModel: true,
        },
        {
          id: "openrouter",
          name: "OpenRouter",
          models: [
            { id: "router/chat-a", name: "router/chat-a" },
            { id: "router/chat-b", name: "router/chat-b" },
          ],
          supportsCustomModel: true,
        },
        {
          id: "azure",
          name: "Azure OpenAI",
          models: [{ id: "my-gpt-deployment", name: "my-gpt-deployment" }],
          supportsCustomModel: true,
        },
      ],
    });
    // Listing openai's models carried openai's key only.
    expect(openai.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${OPENAI_KEY}`,
    ]);
  });
});
