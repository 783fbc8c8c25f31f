import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ProviderTestResult, SettingsView } from "../lib/protocol/settings";
import { chatOverSocket } from "./support/chat-client";
import { api } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

const KEY = "sk-test-S3CRET-never-shown-4d2a";
const LAN_KEY = "sk-lan-S3CRET-never-shown-90be";
let model: ModelFixture;
let lan: ModelFixture;
let server: ServerProcess;
let repoDir: string;

beforeAll(async () => {
  [model, lan] = await Promise.all([
    new ModelFixture().start(),
    new ModelFixture({ models: ["lan-chat", "nomic-embed-text"] }).start(),
  ]);
  const fixture = FixtureRepo.inNewRoot("tiny");
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "src/a.ts": "export function add(a: number, b: number) {\n  return a + b;\n}\n",
  });
  fixture.repo.commit("first");
  server = await startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot } });
});

afterAll(async () => {
  await server?.stop();
  await Promise.all([model?.stop(), lan?.stop()]);
});

const settings = async () => (await api<SettingsView>(server.url, "/api/settings")).body;
const saveProvider = (id: string, json: unknown) =>
  api<{ api_key_cleared: boolean; message?: string }>(server.url, `/api/settings/providers/${id}`, {
    method: "PUT",
    json,
  });
const testProvider = (id: string, json: unknown = {}) =>
  api<ProviderTestResult>(server.url, `/api/settings/providers/${id}/test`, {
    method: "POST",
    json,
  });

it("saves the provider in the UI settings, uses it, and never shows or stores the key in clear", async () => {
  expect(await settings()).toMatchObject({ providers: [], default_provider: null });

  expect((await saveProvider("openai", { base_url: model.url, api_key: KEY })).status).toBe(200);
  const saved = await api(server.url, "/api/settings", {
    method: "PUT",
    json: { chat_model: "fixture-chat-2" },
  });
  expect(saved.status).toBe(200);
  const after = await settings();
  expect(after).toMatchObject({
    chat_model: "fixture-chat-2",
    default_provider: "openai",
    providers: [{ id: "openai", base_url: model.url, api_key_set: true }],
  });
  expect(JSON.stringify(after)).not.toContain(KEY);

  const outcome = await chatOverSocket(server.url, {
    repo_url: repoDir,
    messages: [{ role: "user", content: "add?" }],
  });
  expect(outcome.code).toBe(1000);
  expect(model.calls.at(-1)).toMatchObject({
    model: "fixture-chat-2",
    authorization: `Bearer ${KEY}`,
  });

  const config = await api<{ providers: { id: string }[] }>(server.url, "/models/config");
  expect(config.body.providers.map((provider) => provider.id)).toEqual(["openai"]);

  for (const json of [{ base_url: "not a url" }, { base_url: "file:///etc/passwd" }]) {
    expect((await saveProvider("openai", json)).status).toBe(400);
  }
  // The single-provider page sent the base URL here; now it belongs to a provider.
  const old = await api(server.url, "/api/settings", { method: "PUT", json: { base_url: "x" } });
  expect(old.status).toBe(400);
});

it("adds a provider, tests its connection, makes it the default and removes it, its key never returned", async () => {
  const typed = await testProvider("lan", { base_url: lan.url, api_key: LAN_KEY });
  expect(typed.body).toEqual({ ok: true, models: ["lan-chat"] });
  // Testing saved nothing.
  expect((await settings()).providers.map((provider) => provider.id)).toEqual(["openai"]);

  const added = await saveProvider("lan", {
    name: "LAN box",
    base_url: lan.url,
    api_key: LAN_KEY,
    context_tokens: 8192,
  });
  expect(added.status).toBe(200);
  expect((await testProvider("lan")).body).toEqual({ ok: true, models: ["lan-chat"] });
  expect(lan.requests.map((request) => request.headers.authorization)).toEqual([
    `Bearer ${LAN_KEY}`,
    `Bearer ${LAN_KEY}`,
  ]);
  expect(carriedTo(model, LAN_KEY)).toEqual([]);

  const view = await settings();
  expect(view.providers.find((provider) => provider.id === "lan")).toEqual({
    id: "lan",
    name: "LAN box",
    kind: "openai-compatible",
    base_url: lan.url,
    api_key_set: true,
    models: [],
    context_tokens: 8192,
    from_environment: { connection: false, models: false, context_tokens: false },
    variables: null,
  });
  expect(JSON.stringify(view)).not.toContain(LAN_KEY);

  const chosen = await api(server.url, "/api/settings", {
    method: "PUT",
    json: { default_provider: "lan" },
  });
  expect(chosen.status).toBe(200);
  const outcome = await chatOverSocket(server.url, {
    repo_url: repoDir,
    messages: [{ role: "user", content: "add?" }],
    provider: "lan",
    model: "lan-chat",
  });
  expect(outcome.code).toBe(1000);
  expect(lan.calls.at(-1)).toMatchObject({ model: "lan-chat", authorization: `Bearer ${LAN_KEY}` });

  const removed = await api(server.url, "/api/settings/providers/lan", { method: "DELETE" });
  expect(removed.status).toBe(200);
  expect(await settings()).toMatchObject({ default_provider: "openai" });
  expect((await testProvider("lan")).status).toBe(404);
  const refused = await chatOverSocket(server.url, {
    repo_url: repoDir,
    messages: [{ role: "user", content: "add?" }],
    provider: "lan",
  });
  expect(refused.frames).toEqual(["Error: The provider lan is not configured; configured: openai"]);
});

it("reports a provider that cannot be reached or refuses the key, without saving anything", async () => {
  const refused = await testProvider("elsewhere", { base_url: "http://127.0.0.1:1/v1" });
  expect(refused.status).toBe(200);
  expect(refused.body).toMatchObject({ ok: false, error: expect.stringMatching(/elsewhere/) });
  const badId = await testProvider("Not An Id");
  expect(badId.status).toBe(400);
});

it("keeps every key sealed at rest", async () => {
  await server.stop();
  const { openDatabase, queryRows } = await import("../lib/db/client");
  const database = await openDatabase({
    databaseUrl: server.databaseUrl,
    dataDir: server.dataDir,
  });
  try {
    const rows = await queryRows<{ value: unknown }>(database.db, sql`select value from settings`);
    expect(rows.length).toBe(1);
    expect(JSON.stringify(rows)).not.toContain(KEY);
    expect(JSON.stringify(rows)).not.toContain(LAN_KEY);
    expect(JSON.stringify(rows)).toMatch(/"sealed_api_key":"v1\./);
  } finally {
    await database.close();
  }
});

function carriedTo(fixture: ModelFixture, secret: string) {
  return fixture.requests.filter((request) => JSON.stringify(request.headers).includes(secret));
}
