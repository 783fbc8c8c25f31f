import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { chatOverSocket } from "./support/chat-client";
import { api } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

const KEY = "sk-test-S3CRET-never-shown-4d2a";
let model: ModelFixture;
let server: ServerProcess;
let repoDir: string;

beforeAll(async () => {
  model = await new ModelFixture().start();
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
  await model?.stop();
});

it("saves the provider in the UI settings, uses it, and never shows or stores the key in clear", async () => {
  const before = await api<{ api_key_set: boolean; from_environment: { base_url: boolean } }>(
    server.url,
    "/api/settings",
  );
  expect(before.body).toMatchObject({ api_key_set: false, from_environment: { base_url: false } });

  const saved = await api(server.url, "/api/settings", {
    method: "PUT",
    json: { base_url: model.url, api_key: KEY, chat_model: "fixture-chat-2" },
  });
  expect(saved.status).toBe(200);
  const after = await api<Record<string, unknown>>(server.url, "/api/settings");
  expect(after.body).toMatchObject({
    base_url: model.url,
    chat_model: "fixture-chat-2",
    api_key_set: true,
  });
  expect(JSON.stringify(after.body)).not.toContain(KEY);

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

  const bad = await api(server.url, "/api/settings", {
    method: "PUT",
    json: { base_url: "not a url" },
  });
  expect(bad.status).toBe(400);

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
    expect(JSON.stringify(rows)).toMatch(/"sealed_api_key":"v1\./);
  } finally {
    await database.close();
  }
});
