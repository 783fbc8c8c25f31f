import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaptureServer } from "../support/capture-server";
import { chatOverSocket } from "../support/chat-client";
import { api, waitForStatus } from "../support/clients";
import { FixtureRepo } from "../support/fixture-repo";
import { ModelFixture } from "../support/model-fixture";
import { type ServerProcess, startServerProcess } from "../support/server-process";

// Issue #11 item 7: a provider key goes only to the base URL its operator sent it to.

const ENV_KEY = "sk-env-K3Y-from-the-operator-71c9";
const SAVED_KEY = "sk-saved-K3Y-from-settings-5e02";

let model: ModelFixture;
let allowedRoot: string;
let repoDir: string;

beforeAll(async () => {
  model = await new ModelFixture().start();
  const fixture = FixtureRepo.inNewRoot("keys");
  allowedRoot = fixture.allowedRoot;
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "src/total.ts":
      "export function orderTotal(prices: number[]) {\n  return prices.reduce((a, b) => a + b, 0);\n}\n",
  });
  fixture.repo.commit("first");
});

afterAll(async () => {
  await model?.stop();
});

/** Exercises every path that calls a provider: indexing (embeddings), a chat, the model list. */
async function useEveryModelPath(base: string): Promise<void> {
  const added = await api<{ research_id: string }>(base, "/api/repos", {
    method: "POST",
    json: { repo_url: repoDir },
  });
  expect(added.status).toBe(202);
  await waitForStatus(base, added.body.research_id, ["completed", "failed"]);
  await chatOverSocket(base, {
    repo_url: repoDir,
    messages: [{ role: "user", content: "How is the order total computed?" }],
  });
  await api(base, "/models/config");
}

describe("with OPENAI_BASE_URL and OPENAI_API_KEY in the environment", () => {
  let server: ServerProcess;
  let capture: CaptureServer;

  beforeAll(async () => {
    capture = await new CaptureServer({ forwardTo: model.url }).start();
    server = await startServerProcess({
      env: {
        CARTOGRAPH_LOCAL_ROOTS: allowedRoot,
        OPENAI_BASE_URL: model.url,
        OPENAI_API_KEY: ENV_KEY,
        EMBEDDING_MODEL: "fixture-embed",
        // A separate embedding server without a key of its own: the chat key is not its.
        EMBEDDING_BASE_URL: capture.url,
      },
    });
  });

  afterAll(async () => {
    await server?.stop();
    await capture?.stop();
  });

  it("refuses to point the environment's key at a base URL from Settings, or to test it there", async () => {
    for (const json of [
      { base_url: capture.url },
      { base_url: capture.url, api_key: "sk-other" },
      { api_key: "sk-other" },
      { clear_api_key: true },
    ]) {
      const refused = await api<{ message: string }>(server.url, "/api/settings/providers/openai", {
        method: "PUT",
        json,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/set by the server's environment/);
    }
    const tested = await api(server.url, "/api/settings/providers/openai/test", {
      method: "POST",
      json: { base_url: capture.url },
    });
    expect(tested.status).toBe(400);
    const modelOnly = await api(server.url, "/api/settings", {
      method: "PUT",
      json: { chat_model: "fixture-chat-2" },
    });
    expect(modelOnly.status).toBe(200);
    const view = await api(server.url, "/api/settings");
    expect(view.body).toMatchObject({
      chat_model: "fixture-chat-2",
      providers: [
        {
          id: "openai",
          base_url: model.url,
          api_key_set: true,
          from_environment: { connection: true },
        },
      ],
    });
    expect(capture.carrying(ENV_KEY)).toEqual([]);
  });

  it("never sends the environment's key to the capture server: not in chats, /models/config or embeddings", async () => {
    await useEveryModelPath(server.url);
    // The key went where the operator sent it…
    expect(model.calls.at(-1)?.authorization).toBe(`Bearer ${ENV_KEY}`);
    // …and the capture server, which did get the embedding calls, never saw it.
    expect(capture.requests.some((request) => request.url.endsWith("/embeddings"))).toBe(true);
    expect(capture.carrying(ENV_KEY)).toEqual([]);
  });
});

describe("with the provider saved in Settings", () => {
  let server: ServerProcess;
  let capture: CaptureServer;

  beforeAll(async () => {
    capture = await new CaptureServer({ forwardTo: model.url }).start();
    server = await startServerProcess({
      env: { CARTOGRAPH_LOCAL_ROOTS: allowedRoot, EMBEDDING_MODEL: "fixture-embed" },
    });
  });

  afterAll(async () => {
    await server?.stop();
    await capture?.stop();
  });

  it("clears the saved key when the base URL changes, so the new URL never sees the old key", async () => {
    const saved = await api(server.url, "/api/settings/providers/openai", {
      method: "PUT",
      json: { base_url: model.url, api_key: SAVED_KEY },
    });
    expect(saved.status).toBe(200);

    // Test connection with another URL typed in: the saved key stays with its own URL.
    const tested = await api(server.url, "/api/settings/providers/openai/test", {
      method: "POST",
      json: { base_url: capture.url },
    });
    expect(tested.status).toBe(200);
    expect(capture.requests.length).toBeGreaterThan(0);
    expect(capture.carrying(SAVED_KEY)).toEqual([]);

    const moved = await api<{ api_key_cleared: boolean }>(
      server.url,
      "/api/settings/providers/openai",
      { method: "PUT", json: { base_url: capture.url } },
    );
    expect(moved.status).toBe(200);

    await useEveryModelPath(server.url);
    expect(capture.requests.some((request) => request.url.endsWith("/chat/completions"))).toBe(
      true,
    );
    expect(capture.carrying(SAVED_KEY)).toEqual([]);

    // The page can say what happened: the key is gone, not silently kept.
    expect(moved.body.api_key_cleared).toBe(true);
    const view = await api(server.url, "/api/settings");
    expect(view.body).toMatchObject({
      providers: [
        {
          id: "openai",
          base_url: capture.url,
          api_key_set: false,
          from_environment: { connection: false },
        },
      ],
    });
  });

  it.each(["ftp://127.0.0.1/v1", "javascript:alert(1)", "file:///etc/passwd"])(
    "refuses the base URL %s",
    async (base_url) => {
      const refused = await api(server.url, "/api/settings/providers/openai", {
        method: "PUT",
        json: { base_url },
      });
      expect(refused.status).toBe(400);
    },
  );
});
