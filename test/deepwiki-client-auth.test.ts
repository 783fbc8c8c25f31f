import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatOverSocket } from "./support/chat-client";
import { api, ProgressClient } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { ModelFixture } from "./support/model-fixture";
import { rawRequest } from "./support/raw-http";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// DEEPWIKI_CLIENT_AUTH=deepwiki under an access code: DeepWiki's frontend reaches the REST
// endpoints through its own server, which forwards no credentials, so its surface follows
// DeepWiki's rules (reads, chat and storing a wiki open; deleting needs the code) while
// Cartograph's own pages and APIs keep asking for the code.

const CODE = "letmein";
const DEEPWIKI_ORIGIN = "http://localhost:3001";

let model: ModelFixture;
let server: ServerProcess;
let repoDir: string;

beforeAll(async () => {
  model = await new ModelFixture().start();
  const fixture = FixtureRepo.inNewRoot("opened");
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "README.md": "# Opened\n\nA small tool.\n",
    "src/tool.py": "def run_tool(name):\n    return name.upper()\n",
  });
  fixture.repo.commit("first");
  server = await startServerProcess({
    env: {
      AUTH_MODE: "access-code",
      ACCESS_CODE: CODE,
      DEEPWIKI_CLIENT_AUTH: "deepwiki",
      ALLOWED_ORIGINS: DEEPWIKI_ORIGIN,
      CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

const wiki = () => ({
  repo: { owner: "local", repo: "opened", type: "local", localPath: repoDir },
  language: "en",
  provider: "openai",
  model: "fixture-chat",
  wiki_structure: {
    id: "wiki",
    title: "Opened",
    description: "A small tool",
    pages: [
      {
        id: "intro",
        title: "Intro",
        content: "Runs a tool: src/tool.py:1-2.",
        filePaths: ["src/tool.py"],
        importance: "high",
        relatedPages: [],
      },
    ],
  },
  generated_pages: {
    intro: {
      id: "intro",
      title: "Intro",
      content: "Runs a tool: src/tool.py:1-2.",
      filePaths: ["src/tool.py"],
      importance: "high",
      relatedPages: [],
    },
  },
});

describe("DEEPWIKI_CLIENT_AUTH=deepwiki", () => {
  it("opens DeepWiki's reads, chat and cache writes without credentials", async () => {
    const structure = await api<{ file_tree: string }>(
      server.url,
      `/local_repo/structure?path=${encodeURIComponent(repoDir)}`,
    );
    expect(structure.status).toBe(200);
    expect(structure.body.file_tree).toContain("src/tool.py");
    for (const path of ["/models/config", "/lang/config", "/api/processed_projects"]) {
      expect((await api(server.url, path)).status, path).toBe(200);
    }
    const query = "owner=local&repo=opened&repo_type=local&language=en";
    expect((await api(server.url, `/api/wiki_cache?${query}`)).status).toBe(200);
    expect(
      (await api(server.url, "/api/wiki_cache", { method: "POST", json: wiki() })).status,
    ).toBe(200);
    const cached = await api<{ generated_pages: Record<string, unknown> } | null>(
      server.url,
      `/api/wiki_cache?${query}`,
    );
    expect(Object.keys(cached.body?.generated_pages ?? {})).toEqual(["intro"]);
    const exported = await api(server.url, "/export/wiki", {
      method: "POST",
      json: { repo_url: repoDir, pages: wiki().wiki_structure.pages, format: "markdown" },
    });
    expect(exported.status).toBe(200);

    // DeepWiki's browser code opens the chat socket itself, from DeepWiki's origin.
    const chat = await chatOverSocket(
      server.url,
      { repo_url: repoDir, messages: [{ role: "user", content: "What does run_tool do?" }] },
      { headers: { origin: DEEPWIKI_ORIGIN } },
    );
    expect(chat.code).toBe(1000);
    expect(chat.frames.join("")).not.toMatch(/^Error:/);
    const fallback = await fetch(`${server.url}/chat/completions/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        repo_url: repoDir,
        messages: [{ role: "user", content: "And its name?" }],
      }),
    });
    expect(fallback.status).toBe(200);
    await fallback.text();
  });

  it("still checks credentials that are presented, origins and hosts", async () => {
    const wrong = await api(server.url, "/api/processed_projects", {
      headers: { authorization: "Bearer not-the-code" },
    });
    expect(wrong.status).toBe(401);
    const foreign = await chatOverSocket(
      server.url,
      { repo_url: repoDir, messages: [{ role: "user", content: "Hi" }] },
      { headers: { origin: "http://evil.test" } },
    );
    expect(foreign.code).toBe(1008);
    const rebound = await rawRequest(server.url, {
      path: "/api/processed_projects",
      headers: { host: `evil.test:${new URL(server.url).port}` },
    });
    expect(rebound.status).toBe(421);
  });

  it("deleting a cached wiki needs the code, as DeepWiki's authorization_code", async () => {
    await api(server.url, "/api/wiki_cache", { method: "POST", json: wiki() });
    const query = "owner=local&repo=opened&repo_type=local&language=en";
    expect((await api(server.url, `/api/wiki_cache?${query}`, { method: "DELETE" })).status).toBe(
      401,
    );
    expect(
      (
        await api(server.url, `/api/wiki_cache?${query}&authorization_code=wrong`, {
          method: "DELETE",
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await api(server.url, `/api/wiki_cache?${query}&authorization_code=${CODE}`, {
          method: "DELETE",
        })
      ).status,
    ).toBe(200);
  });

  it("keeps Cartograph's own pages, APIs and progress socket behind the code", async () => {
    for (const path of ["/api/repos", "/api/chats", "/api/history", "/api/settings"]) {
      expect((await api(server.url, path)).status, path).toBe(401);
    }
    const started = await api(server.url, "/api/wikis", {
      method: "POST",
      json: { repo_url: repoDir },
    });
    expect(started.status).toBe(401);
    const page = await fetch(`${server.url}/repos`, {
      redirect: "manual",
      headers: { accept: "text/html" },
    });
    expect([302, 303, 307]).toContain(page.status);
    expect(page.headers.get("location")).toMatch(/\/login/);

    const client = new ProgressClient(server.url, ["websocket"]);
    try {
      const refused = await client.connected().then(
        () => client.subscribe({ research_id: "any" }),
        (error: Error) => ({ ok: false, error: error.message }),
      );
      expect(refused.ok).toBe(false);
    } finally {
      client.close();
    }
  });
});
