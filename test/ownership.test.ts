import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent } from "../lib/protocol/chat";
import type { StartWikiResponse } from "../lib/protocol/wiki";
import { chatOverSocket } from "./support/chat-client";
import { api, ProgressClient, waitFor } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { ModelFixture } from "./support/model-fixture";
import { researcher } from "./support/research-fixture";
import type { ServerProcess } from "./support/server-process";
import { type SignedInUser, startServerWithUsers } from "./support/sign-in-as";
import { wikiResponder, wikiShopFiles } from "./support/wiki-fixture";

// Two users on one server: alice's private repository and everything of it (index run,
// wiki, wiki run, research, chat) is invisible to bob on every surface, exactly as an
// unknown object is; bob's shared repository is visible to alice, who may not delete it.
// Each surface is a row of a table: a new surface is one more row.

let model: ModelFixture;
let server: ServerProcess;
let alice: SignedInUser;
let bob: SignedInUser;
let secretDir: string;
let commonsDir: string;
let tokenedDir: string;

/** Ids of alice's private objects, and of bob's shared repository. */
const ids = {
  repo: "",
  indexRun: "",
  wiki: "",
  wikiRun: "",
  research: "",
  chat: "",
  sharedRepo: "",
  sharedIndexRun: "",
};
type ObjectName = keyof typeof ids;
/** Ids nobody has: what bob gets for alice's objects must be exactly what he gets for these. */
const unknownIds: Record<ObjectName, string> = {
  repo: "local~nothing-0000000000",
  indexRun: "00000000-0000-4000-8000-000000000001",
  wiki: "00000000-0000-4000-8000-000000000002",
  wikiRun: "00000000-0000-4000-8000-000000000003",
  research: "00000000-0000-4000-8000-000000000004",
  chat: "00000000-0000-4000-8000-000000000005",
  sharedRepo: "local~nothing-0000000001",
  sharedIndexRun: "00000000-0000-4000-8000-000000000006",
};

const as = (user: SignedInUser, pathname: string, init: RequestInit & { json?: unknown } = {}) =>
  api<Record<string, unknown>>(server.url, pathname, {
    ...init,
    headers: { ...user.headers, ...(init.json === undefined ? {} : { origin: server.url }) },
  });
const enc = encodeURIComponent;

async function finished(user: SignedInUser, runId: string) {
  return waitFor(
    async () => {
      const { body } = await as(user, `/api/research/${runId}/status`);
      return ["completed", "failed", "cancelled"].includes(String(body.status)) ? body : undefined;
    },
    { timeoutMs: 60_000, what: `run ${runId}` },
  );
}

/** The viewer's own repository of a folder another user holds privately (waits for it). */
async function ownCopy(user: SignedInUser, folder: string) {
  return waitFor(
    async () => {
      const { body } = await as(user, "/api/repos");
      const items = (
        body as unknown as { items: { repo_id: string; owned: boolean; source?: string }[] }
      ).items;
      return items.find(
        (item) => item.owned && item.repo_id !== ids.repo && item.repo_id.startsWith(ids.repo),
      );
    },
    { timeoutMs: 30_000, what: `${user.id}'s own repository of ${folder}` },
  );
}

function chatEvents(frames: string[]): ChatEvent[] {
  return frames.map((frame) => JSON.parse(frame) as ChatEvent);
}

beforeAll(async () => {
  model = await new ModelFixture({ respond: wikiResponder({ fallback: researcher }) }).start();
  const { allowedRoot, repo: secret } = FixtureRepo.inNewRoot("secret");
  secret.write({ ...wikiShopFiles, "src/vault.ts": "export const VAULT_CODE = 'hunter2';\n" });
  secret.commit("first");
  const commons = new FixtureRepo(path.join(allowedRoot, "commons"));
  commons.write({ ...wikiShopFiles, "src/park.ts": "export const PARK_BENCH = 'green';\n" });
  commons.commit("first");
  const tokened = new FixtureRepo(path.join(allowedRoot, "tokened"));
  tokened.write({ "README.md": "# Tokened\n" });
  tokened.commit("first");
  tokenedDir = tokened.dir;
  secretDir = secret.dir;
  commonsDir = commons.dir;
  let users: Record<"alice" | "bob", SignedInUser>;
  ({ server, users } = await startServerWithUsers(["alice", "bob"] as const, {
    env: {
      CARTOGRAPH_LOCAL_ROOTS: allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
    },
  }));
  ({ alice, bob } = users);

  const added = await as(alice, "/api/repos", {
    method: "POST",
    json: { repo_url: secretDir, visibility: "private" },
  });
  expect(added.status, JSON.stringify(added.body)).toBe(202);
  ids.repo = String(added.body.repo_id);
  ids.indexRun = String(added.body.research_id);
  const shared = await as(bob, "/api/repos", { method: "POST", json: { repo_url: commonsDir } });
  expect(shared.status, JSON.stringify(shared.body)).toBe(202);
  ids.sharedRepo = String(shared.body.repo_id);
  ids.sharedIndexRun = String(shared.body.research_id);
  expect((await finished(alice, ids.indexRun)).status).toBe("completed");
  expect((await finished(bob, ids.sharedIndexRun)).status).toBe("completed");

  const wiki = await as(alice, "/api/wikis", { method: "POST", json: { repo_url: secretDir } });
  expect(wiki.status, JSON.stringify(wiki.body)).toBe(202);
  const started = wiki.body as unknown as StartWikiResponse;
  ids.wiki = started.wiki_id;
  ids.wikiRun = String(started.research_id);
  expect((await finished(alice, ids.wikiRun)).status).toBe("completed");

  const research = await as(alice, "/api/start_research", {
    method: "POST",
    json: { query: "How does checkout charge a customer?", repo_url: secretDir, mode: "quick" },
  });
  expect(research.status, JSON.stringify(research.body)).toBe(200);
  ids.research = String(research.body.research_id);
  expect((await finished(alice, ids.research)).status).toBe("completed");

  const chatId = "11111111-2222-4333-8444-555555555555";
  const chat = await chatOverSocket(
    server.url,
    {
      repo_url: secretDir,
      messages: [{ role: "user", content: "Where is the vault code?" }],
      chat_id: chatId,
      stream: "events",
    },
    { headers: { ...alice.headers, origin: server.url } },
  );
  expect(chat.code, chat.reason).toBe(1000);
  ids.chat = chatId;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

interface Outcome {
  status: number;
  body: unknown;
}

interface Surface {
  name: string;
  /** Whose object it is (alice's unless said). */
  object: ObjectName;
  probe(user: SignedInUser, id: string): Promise<Outcome>;
  /** What the owner gets; null for a destructive probe, tried only by the other user. */
  ownerStatus: number | null;
}

const get = (pathname: (id: string) => string) => (user: SignedInUser, id: string) =>
  as(user, pathname(id));
const send =
  (method: string, pathname: (id: string) => string, json: unknown = {}) =>
  (user: SignedInUser, id: string) =>
    as(user, pathname(id), { method, json });

/** Alice's private objects on every REST, LDR and DeepWiki route that takes an id. */
const privateSurfaces: Surface[] = [
  {
    name: "GET /api/repos/{id}",
    object: "repo",
    probe: get((id) => `/api/repos/${enc(id)}`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/repos/{id}/tree",
    object: "repo",
    probe: get((id) => `/api/repos/${enc(id)}/tree`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/repos/{id}/file (source viewer)",
    object: "repo",
    probe: get((id) => `/api/repos/${enc(id)}/file?path=src/vault.ts`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/repos/{id}/search",
    object: "repo",
    probe: get((id) => `/api/repos/${enc(id)}/search?q=VAULT_CODE`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/repos/{id}/wiki",
    object: "repo",
    probe: get((id) => `/api/repos/${enc(id)}/wiki`),
    ownerStatus: 200,
  },
  {
    name: "PATCH /api/repos/{id}",
    object: "repo",
    probe: send("PATCH", (id) => `/api/repos/${enc(id)}`, { visibility: "shared" }),
    ownerStatus: null,
  },
  {
    name: "DELETE /api/repos/{id}",
    object: "repo",
    probe: send("DELETE", (id) => `/api/repos/${enc(id)}`),
    ownerStatus: null,
  },
  {
    name: "GET /api/wikis/{id}",
    object: "wiki",
    probe: get((id) => `/api/wikis/${id}`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/wikis/{id}/pages/{page}",
    object: "wiki",
    probe: get((id) => `/api/wikis/${id}/pages/overview`),
    // The owner's page id is whatever the planner chose: a missing page is 404 too.
    ownerStatus: null,
  },
  {
    name: "GET /api/wikis/{id}/export",
    object: "wiki",
    probe: get((id) => `/api/wikis/${id}/export?format=json`),
    ownerStatus: 200,
  },
  {
    name: "GET /wikis/{id}",
    object: "wiki",
    probe: (user, id) => as(user, `/wikis/${id}`, { redirect: "manual" }),
    ownerStatus: 302,
  },
  {
    name: "POST /api/wikis/{id}/resume",
    object: "wiki",
    probe: send("POST", (id) => `/api/wikis/${id}/resume`),
    ownerStatus: null,
  },
  {
    name: "POST /api/wikis/{id}/update",
    object: "wiki",
    probe: send("POST", (id) => `/api/wikis/${id}/update`),
    ownerStatus: null,
  },
  {
    name: "POST /api/wikis/{id}/pages/{page}/regenerate",
    object: "wiki",
    probe: send("POST", (id) => `/api/wikis/${id}/pages/overview/regenerate`),
    ownerStatus: null,
  },
  {
    name: "DELETE /api/wikis/{id}",
    object: "wiki",
    probe: send("DELETE", (id) => `/api/wikis/${id}`),
    ownerStatus: null,
  },
  {
    name: "GET /api/research/{id}/status (research)",
    object: "research",
    probe: get((id) => `/api/research/${id}/status`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/research/{id}/logs",
    object: "research",
    probe: get((id) => `/api/research/${id}/logs`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/research/{id}/thread",
    object: "research",
    probe: get((id) => `/api/research/${id}/thread`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/report/{id}",
    object: "research",
    probe: get((id) => `/api/report/${id}`),
    ownerStatus: 200,
  },
  {
    name: "POST /api/terminate/{id}",
    object: "research",
    probe: send("POST", (id) => `/api/terminate/${id}`),
    ownerStatus: null,
  },
  {
    name: "DELETE /api/delete/{id}",
    object: "research",
    probe: send("DELETE", (id) => `/api/delete/${id}`),
    ownerStatus: null,
  },
  {
    name: "POST /api/start_research continuing another's research",
    object: "research",
    probe: (user, id) =>
      as(user, "/api/start_research", {
        method: "POST",
        json: { query: "And refunds?", parent_id: id, mode: "quick" },
      }),
    ownerStatus: null,
  },
  {
    name: "GET /api/research/{id}/status (index run)",
    object: "indexRun",
    probe: get((id) => `/api/research/${id}/status`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/research/{id}/status (wiki run)",
    object: "wikiRun",
    probe: get((id) => `/api/research/${id}/status`),
    ownerStatus: 200,
  },
  {
    name: "GET /api/chats/{id}",
    object: "chat",
    probe: get((id) => `/api/chats/${id}`),
    ownerStatus: 200,
  },
  {
    name: "DELETE /api/chats/{id}",
    object: "chat",
    probe: send("DELETE", (id) => `/api/chats/${id}`),
    ownerStatus: null,
  },
];

describe("another user's private objects answer exactly as unknown ones", () => {
  it.each(privateSurfaces)("$name", async ({ object, probe, ownerStatus }) => {
    if (ownerStatus !== null) {
      const owner = await probe(alice, ids[object]);
      expect(owner.status, JSON.stringify(owner.body)).toBe(ownerStatus);
    }
    const hidden = await probe(bob, ids[object]);
    const unknown = await probe(bob, unknownIds[object]);
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(404);
    expect(hidden).toEqual(unknown);
  });

  it("and they are all still there for their owner", async () => {
    for (const object of ["repo", "wiki", "research", "chat"] as const) {
      const pathname = {
        repo: `/api/repos/${enc(ids.repo)}`,
        wiki: `/api/wikis/${ids.wiki}`,
        research: `/api/research/${ids.research}/status`,
        chat: `/api/chats/${ids.chat}`,
      }[object];
      expect((await as(alice, pathname)).status, object).toBe(200);
    }
    const repo = await as(alice, `/api/repos/${enc(ids.repo)}`);
    expect(repo.body).toMatchObject({ visibility: "private", owned: true });
  });
});

describe("lists hold only what the user sees", () => {
  const lists: { name: string; path: string; ids(body: unknown): string[] }[] = [
    {
      name: "GET /api/repos",
      path: "/api/repos",
      ids: (body) => (body as { items: { repo_id: string }[] }).items.map((item) => item.repo_id),
    },
    {
      name: "GET /api/wikis",
      path: "/api/wikis",
      ids: (body) => (body as { items: { wiki_id: string }[] }).items.map((item) => item.wiki_id),
    },
    {
      name: "GET /api/history",
      path: "/api/history?limit=200",
      ids: (body) => (body as { items: { id: string }[] }).items.map((item) => item.id),
    },
    {
      name: "GET /api/chats",
      path: "/api/chats",
      ids: (body) => (body as { items: { chat_id: string }[] }).items.map((item) => item.chat_id),
    },
    {
      name: "GET /api/processed_projects (DeepWiki)",
      path: "/api/processed_projects",
      ids: (body) => (body as { id: string }[]).map((item) => item.id),
    },
  ];
  const alicesIds = () =>
    Object.values(ids).filter((id) => id !== ids.sharedRepo && id !== ids.sharedIndexRun);

  it.each(lists)("$name", async ({ path: pathname, ids: idsOf }) => {
    const mine = await as(alice, pathname);
    const theirs = await as(bob, pathname);
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(idsOf(theirs.body).filter((id) => alicesIds().includes(id))).toEqual([]);
    // Alice's own list does hold her objects of this kind (the list is not just empty).
    expect(idsOf(mine.body).some((id) => alicesIds().includes(id))).toBe(true);
  });

  it("the shared repository is in both users' lists, the private one in its owner's only", async () => {
    const listed = async (user: SignedInUser) =>
      (
        (await as(user, "/api/repos")).body as unknown as {
          items: { repo_id: string; visibility: string; owned: boolean }[];
        }
      ).items;
    const alices = await listed(alice);
    const bobs = await listed(bob);
    expect(alices.map((item) => item.repo_id).sort()).toEqual([ids.repo, ids.sharedRepo].sort());
    expect(bobs.map((item) => item.repo_id)).toEqual([ids.sharedRepo]);
    expect(alices.find((item) => item.repo_id === ids.sharedRepo)).toMatchObject({
      visibility: "shared",
      owned: false,
    });
  });
});

describe("DeepWiki's endpoints", () => {
  const cacheQuery = "owner=local&repo=secret&repo_type=local&language=en";

  it("GET /api/wiki_cache answers null to the other user, as for a repository nobody has", async () => {
    expect((await as(alice, `/api/wiki_cache?${cacheQuery}`)).body).not.toBeNull();
    const hidden = await as(bob, `/api/wiki_cache?${cacheQuery}`);
    const unknown = await as(
      bob,
      "/api/wiki_cache?owner=local&repo=nothing&repo_type=local&language=en",
    );
    expect(hidden).toEqual({ status: 200, body: null });
    expect(hidden).toEqual(unknown);
  });

  it("DELETE /api/wiki_cache is a 404 for the other user", async () => {
    const hidden = await as(bob, `/api/wiki_cache?${cacheQuery}`, { method: "DELETE" });
    const unknown = await as(
      bob,
      "/api/wiki_cache?owner=local&repo=nothing&repo_type=local&language=en",
      {
        method: "DELETE",
      },
    );
    expect(hidden.status).toBe(404);
    expect(hidden).toEqual(unknown);
  });

  it("GET /local_repo/structure of a folder the other user holds privately is the viewer's own", async () => {
    // An allow-listed folder is the operator's to offer everyone: bob indexes his own copy.
    expect((await as(alice, `/local_repo/structure?path=${enc(secretDir)}`)).status).toBe(200);
    expect((await as(bob, `/local_repo/structure?path=${enc(secretDir)}`)).status).toBe(200);
    const own = await ownCopy(bob, secretDir);
    expect(own.repo_id).not.toBe(ids.repo);
    expect((await as(bob, `/api/repos/${enc(ids.repo)}`)).status).toBe(404);
  });

  it("POST /chat/completions/stream about a source the other user holds privately answers from the viewer's own", async () => {
    const response = await fetch(`${server.url}/chat/completions/stream`, {
      method: "POST",
      headers: { ...bob.headers, origin: server.url, "content-type": "application/json" },
      body: JSON.stringify({
        repo_url: secretDir,
        messages: [{ role: "user", content: "What is VAULT_CODE?" }],
        stream: "events",
      }),
    });
    expect(response.status).toBe(200);
    await response.text();
    const own = await ownCopy(bob, secretDir);
    expect(own.repo_id).not.toBe(ids.repo);
    // Nothing of alice's: her conversation and wiki stay hers.
    expect((await as(bob, `/api/chats/${ids.chat}`)).status).toBe(404);
    expect((await as(bob, `/api/wikis/${ids.wiki}`)).status).toBe(404);
  });
});

describe("/ws/chat", () => {
  const ask = (user: SignedInUser, request: Record<string, unknown>) =>
    chatOverSocket(
      server.url,
      {
        messages: [{ role: "user", content: "What is VAULT_CODE?" }],
        stream: "events",
        ...request,
      },
      { headers: { ...user.headers, origin: server.url } },
    );

  it("a chat about a source the other user holds privately answers from the viewer's own copy", async () => {
    const outcome = await ask(bob, { repo_url: secretDir });
    expect(outcome.code, outcome.reason).toBe(1000);
    expect(chatEvents(outcome.frames).some((event) => event.type === "done")).toBe(true);
    const own = await ownCopy(bob, secretDir);
    expect(own.repo_id).not.toBe(ids.repo);
    expect((await as(bob, `/api/repos/${enc(ids.repo)}`)).status).toBe(404);
  });

  it("continuing the other user's conversation is the same not-found as an unknown one", async () => {
    const hidden = chatEvents((await ask(bob, { repo_url: commonsDir, chat_id: ids.chat })).frames);
    const unknown = chatEvents(
      (await ask(bob, { repo_url: commonsDir, chat_id: "no-such-chat" })).frames,
    );
    expect(hidden.at(-1)).toMatchObject({ type: "error", code: "not_found:chat" });
    expect(hidden.at(-1)).toEqual(unknown.at(-1));
  });

  it("a chat about the shared repository works for both", async () => {
    for (const user of [alice, bob]) {
      const outcome = await ask(user, { repo_url: commonsDir });
      expect(outcome.code, outcome.reason).toBe(1000);
      expect(chatEvents(outcome.frames).some((event) => event.type === "done")).toBe(true);
    }
  });
});

describe("MCP (/mcp, with each user's own API token)", () => {
  const clients: Client[] = [];
  const mcpAs = async (user: SignedInUser): Promise<Client> => {
    const minted = await as(user, "/api/tokens", {
      method: "POST",
      json: { name: "agent", scope: "write" },
    });
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    const client = new Client({ name: "ownership-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL("/mcp", server.url), {
        requestInit: { headers: { authorization: `Bearer ${minted.body.token}` } },
      }),
    );
    clients.push(client);
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
    return { isError: Boolean(result.isError), text };
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  it("the other user's private repository is unknown to every tool, and its secret never leaks", async () => {
    const [own, other] = [await mcpAs(alice), await mcpAs(bob)];
    const probes: [string, (id: string) => Record<string, unknown>][] = [
      ["search_code", (id) => ({ repo_id: id, query: "VAULT_CODE" })],
      ["read_file", (id) => ({ repo_id: id, path: "src/vault.ts" })],
      ["read_wiki_structure", (id) => ({ repo_id: id })],
      ["read_wiki_page", (id) => ({ repo_id: id, page_id: "overview" })],
      ["ask_question", (id) => ({ repo_id: id, question: "What is VAULT_CODE?" })],
      ["start_research", (id) => ({ repo_id: id, query: "Where is the vault?" })],
    ];
    for (const [tool, argsOf] of probes) {
      const hidden = await call(other, tool, argsOf(ids.repo));
      const unknown = await call(other, tool, argsOf(unknownIds.repo));
      expect(hidden.isError, `${tool}: ${hidden.text}`).toBe(true);
      expect(hidden.text, tool).toContain("not_found");
      expect(hidden.text, tool).toEqual(unknown.text);
      expect(hidden.text, tool).not.toContain("hunter2");
    }
    const read = await call(own, "read_file", { repo_id: ids.repo, path: "src/vault.ts" });
    expect(read.isError, read.text).toBe(false);
    expect(read.text).toContain("hunter2");

    const research = await call(other, "get_research", { research_id: ids.research });
    const unknownResearch = await call(other, "get_research", {
      research_id: unknownIds.research,
    });
    expect(research.isError).toBe(true);
    expect(research.text).toEqual(unknownResearch.text);
    expect((await call(own, "get_research", { research_id: ids.research })).isError).toBe(false);

    const listed = await call(other, "list_repositories", {});
    // Bob may hold his own copy of the folder (`<id>~~<owner>`), never alice's row.
    const escaped = ids.repo.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(listed.text).not.toMatch(new RegExp(`${escaped}(?!~~)`));
    expect(listed.text).toContain(ids.sharedRepo);
    expect((await call(own, "list_repositories", {})).text).toContain(ids.repo);
  });
});

describe("Socket.IO subscribe", () => {
  const subscribe = async (user: SignedInUser, runId: string) => {
    const client = new ProgressClient(server.url, ["websocket"], {
      ...user.headers,
      origin: server.url,
    });
    try {
      await client.connected();
      return await client.subscribe({ research_id: runId });
    } finally {
      client.close();
    }
  };

  it.each([
    ["a research", "research"],
    ["a private repository's index run", "indexRun"],
    ["a private repository's wiki run", "wikiRun"],
  ] as const)("to the other user's %s is refused as an unknown run is", async (_name, object) => {
    expect(await subscribe(alice, ids[object])).toMatchObject({ ok: true });
    const hidden = await subscribe(bob, ids[object]);
    expect(hidden).toEqual({ ok: false, error: "Run not found" });
    expect(hidden).toEqual(await subscribe(bob, unknownIds[object]));
  });

  it("to the index run of a shared repository is open to both", async () => {
    expect(await subscribe(alice, ids.sharedIndexRun)).toMatchObject({ ok: true });
    expect(await subscribe(bob, ids.sharedIndexRun)).toMatchObject({ ok: true });
  });
});

describe("a shared repository", () => {
  it.each([
    ["GET /api/repos/{id}", (id: string) => `/api/repos/${enc(id)}`],
    ["GET /api/repos/{id}/tree", (id: string) => `/api/repos/${enc(id)}/tree`],
    ["GET /api/repos/{id}/file", (id: string) => `/api/repos/${enc(id)}/file?path=src/park.ts`],
    ["GET /api/repos/{id}/search", (id: string) => `/api/repos/${enc(id)}/search?q=PARK_BENCH`],
  ])("%s answers both users", async (_name, pathname) => {
    expect((await as(alice, pathname(ids.sharedRepo))).status).toBe(200);
    expect((await as(bob, pathname(ids.sharedRepo))).status).toBe(200);
  });

  it("its index run is followed by both, cancelled or deleted by its starter alone (403)", async () => {
    expect((await as(alice, `/api/research/${ids.sharedIndexRun}/status`)).status).toBe(200);
    expect(
      (await as(alice, `/api/delete/${ids.sharedIndexRun}`, { method: "DELETE", json: {} })).status,
    ).toBe(403);
    expect(
      (await as(alice, `/api/terminate/${ids.sharedIndexRun}`, { method: "POST", json: {} }))
        .status,
    ).toBe(403);
  });

  it("is deleted and made private by its owner alone: the other user gets 403", async () => {
    const patched = await as(alice, `/api/repos/${enc(ids.sharedRepo)}`, {
      method: "PATCH",
      json: { visibility: "private" },
    });
    expect(patched.status).toBe(403);
    const deleted = await as(alice, `/api/repos/${enc(ids.sharedRepo)}`, {
      method: "DELETE",
      json: {},
    });
    expect(deleted.status).toBe(403);
    expect((await as(bob, `/api/repos/${enc(ids.sharedRepo)}`)).status).toBe(200);
  });

  it("adding it again joins it; adding a source the other user holds privately makes the viewer's own", async () => {
    const joined = await as(alice, "/api/repos", {
      method: "POST",
      json: { repo_url: commonsDir },
    });
    expect(joined.status).toBe(200);
    expect(joined.body.repo_id).toBe(ids.sharedRepo);
    expect((await as(alice, `/api/repos/${enc(ids.sharedRepo)}`)).body).toMatchObject({
      owned: false,
    });
    const added = await as(bob, "/api/repos", { method: "POST", json: { repo_url: secretDir } });
    expect(added.status, JSON.stringify(added.body)).toBeLessThan(300);
    expect(added.body.repo_id).not.toBe(ids.repo);
    expect((await as(bob, `/api/repos/${enc(String(added.body.repo_id))}`)).body).toMatchObject({
      owned: true,
    });
    // Alice's repository of the same folder is still hers alone, and bob's is not hers.
    expect((await as(bob, `/api/repos/${enc(ids.repo)}`)).status).toBe(404);
    // Bob added his shared (no token), so alice sees his copy, as anyone's shared one.
    expect((await as(alice, `/api/repos/${enc(String(added.body.repo_id))}`)).body).toMatchObject({
      owned: false,
      visibility: "shared",
    });
  });
});

describe("visibility changes", () => {
  it("the owner shares a private repository and its wiki with everyone, then takes it back", async () => {
    const shared = await as(alice, `/api/repos/${enc(ids.repo)}`, {
      method: "PATCH",
      json: { visibility: "shared" },
    });
    expect(shared.status, JSON.stringify(shared.body)).toBe(200);
    expect(shared.body).toMatchObject({ visibility: "shared" });
    expect((await as(bob, `/api/repos/${enc(ids.repo)}/file?path=src/vault.ts`)).status).toBe(200);
    expect((await as(bob, `/api/wikis/${ids.wiki}`)).status).toBe(200);
    // A shared repository's wiki run is shared work; a research on it stays its owner's.
    expect((await as(bob, `/api/research/${ids.wikiRun}/status`)).status).toBe(200);
    expect((await as(bob, `/api/research/${ids.research}/status`)).status).toBe(404);
    expect((await as(bob, `/api/chats/${ids.chat}`)).status).toBe(404);

    const back = await as(alice, `/api/repos/${enc(ids.repo)}`, {
      method: "PATCH",
      json: { visibility: "private" },
    });
    expect(back.status).toBe(200);
    expect((await as(bob, `/api/repos/${enc(ids.repo)}/file?path=src/vault.ts`)).status).toBe(404);
    expect((await as(bob, `/api/wikis/${ids.wiki}`)).status).toBe(404);
  });

  it("a repository added with an access token is private unless asked otherwise", async () => {
    // A local folder needs no token, but the default follows what the request sends.
    const added = await as(bob, "/api/repos", {
      method: "POST",
      json: { repo_url: tokenedDir, token: "not-a-real-token-0000" },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(202);
    const repoId = String(added.body.repo_id);
    expect((await as(bob, `/api/repos/${enc(repoId)}`)).body).toMatchObject({
      visibility: "private",
      owned: true,
    });
    expect((await as(alice, `/api/repos/${enc(repoId)}`)).status).toBe(404);
    // Its index run is bob's work on a private repository: alice cannot follow it.
    expect((await as(alice, `/api/research/${added.body.research_id}/status`)).status).toBe(404);
    // Re-adding with an explicit choice is the owner changing it.
    const reshared = await as(bob, "/api/repos", {
      method: "POST",
      json: { repo_url: tokenedDir, token: "not-a-real-token-0000", visibility: "shared" },
    });
    expect(reshared.status).toBeLessThan(300);
    expect((await as(alice, `/api/repos/${enc(repoId)}`)).status).toBe(200);
  });
});
