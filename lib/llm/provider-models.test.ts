import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isChatModel, ProviderModels } from "./provider-models";
import type { Provider } from "./providers";

/** A loopback server: `/ok/v1/models` lists, `/locked` refuses the key, `/ollama` has only tags. */
let server: Server;
let base: string;
let listings = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? "";
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url === "/ok/v1/models") {
      listings++;
      return json(200, {
        data: [{ id: "chat-a" }, { id: "text-embedding-3-small" }, { id: "chat-b" }],
      });
    }
    if (url === "/locked/v1/models") return json(401, { error: { message: "bad key sk-quoted" } });
    if (url === "/ollama/api/tags")
      return json(200, { models: [{ name: "llama3.1:8b" }, { name: "nomic-embed-text" }] });
    if (url === "/html/v1/models") return json(200, "<html>");
    json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const provider = (id: string, path: string, models: string[] = []): Provider => ({
  id,
  name: id,
  kind: "openai-compatible",
  baseUrl: `${base}${path}`,
  models,
  fromEnvironment: { connection: true, models: false, contextTokens: false },
});

describe("isChatModel", () => {
  it.each([
    "text-embedding-3-small",
    "nomic-embed-text",
    "mxbai-embed-large:latest",
    "BAAI/bge-m3",
    "bge-large-en-v1.5",
    "intfloat/e5-mistral-7b-instruct",
    "all-minilm",
    "jina-reranker-v2",
    "whisper-1",
    "tts-1-hd",
    "dall-e-3",
    "omni-moderation-latest",
  ])("leaves out %s", (id) => expect(isChatModel(id)).toBe(false));
  it.each([
    "gpt-4o-mini",
    "llama3.1:8b",
    "anthropic/claude-3.5-sonnet",
    "gemini-2.0-flash",
    "qwen2.5-coder",
  ])("offers %s", (id) => expect(isChatModel(id)).toBe(true));
});

describe("ProviderModels", () => {
  it("lists a provider's chat models from its /models, once a minute", async () => {
    const models = new ProviderModels(globalThis.fetch);
    const before = listings;
    expect(await models.chatModels(provider("ok", "/ok/v1"))).toEqual(["chat-a", "chat-b"]);
    expect(await models.chatModels(provider("ok", "/ok/v1"))).toEqual(["chat-a", "chat-b"]);
    expect(listings - before).toBe(1);
  });

  it("asks nothing of a provider whose models are configured", async () => {
    const before = listings;
    const configured = provider("ok", "/ok/v1", ["mine", "my-embedding-model"]);
    expect(await new ProviderModels(globalThis.fetch).chatModels(configured)).toEqual(["mine"]);
    expect(listings).toBe(before);
  });

  it("falls back to Ollama's /api/tags", async () => {
    const ollama = provider("ollama", "/ollama/v1");
    expect(await new ProviderModels(globalThis.fetch).test(ollama)).toEqual({
      ok: true,
      models: ["llama3.1:8b"],
    });
  });

  it("says why a provider could not be listed, never quoting its answer", async () => {
    const models = new ProviderModels(globalThis.fetch);
    const locked = await models.test(provider("locked", "/locked/v1"));
    expect(locked).toEqual({
      ok: false,
      error: `The provider locked (${base}/locked/v1) answered HTTP 401 (check the key)`,
    });
    expect(await models.test(provider("html", "/html/v1"))).toMatchObject({
      error: expect.stringMatching(/did not answer with a model list/),
    });
    const down = { ...provider("down", ""), baseUrl: `http://127.0.0.1:${await closedPort()}/v1` };
    expect(await models.test(down)).toMatchObject({
      error: expect.stringMatching(/cannot be reached: ECONNREFUSED/),
    });
    expect(await models.chatModels(down)).toEqual([]);
  });
});

/** A port nothing listens on any more. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
