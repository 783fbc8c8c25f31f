import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResearchReport } from "../lib/protocol/research";
import type { StartWikiResponse, WikiView } from "../lib/protocol/wiki";
import { api, waitFor, waitForStatus } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { type ChatCall, ModelFixture } from "./support/model-fixture";
import { rawRequest } from "./support/raw-http";
import { createShopRepo, researcher } from "./support/research-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";
import { wikiResponder } from "./support/wiki-fixture";

const root = path.resolve(import.meta.dirname, "..");
const ACCESS_CODE = "mcp-test-access-code-1234";
const TOOLS = [
  "list_repositories",
  "add_repository",
  "search_code",
  "read_file",
  "read_wiki_structure",
  "read_wiki_page",
  "ask_question",
  "start_research",
  "get_research",
];

const promptOf = (call: ChatCall) => call.messages.map((message) => message.content).join("\n");
const isResearchCall = (call: ChatCall) =>
  /You are (planning a research|reviewing new evidence|outlining a research report|writing one section)/.test(
    promptOf(call),
  );

/**
 * Wiki prompts get a wiki, research prompts the researcher; Ask gets the researcher's line
 * (citing the first passage it was shown) and one citation of a file that does not exist.
 */
const respond = wikiResponder({
  fallback: (call) =>
    isResearchCall(call) ? researcher(call) : `${researcher(call)} Not src/ghost.ts:1-4 though.`,
});

let model: ModelFixture;
let open: ServerProcess;
let coded: ServerProcess;
let shop: ReturnType<typeof createShopRepo>;
let repoId = "";
let wiki: WikiView;

beforeAll(async () => {
  model = await new ModelFixture({ respond }).start();
  shop = createShopRepo();
  const env = {
    CARTOGRAPH_LOCAL_ROOTS: shop.allowedRoot,
    OPENAI_BASE_URL: model.url,
    CHAT_MODEL: "fixture-chat",
  };
  // One after the other, so a server that started is stopped (afterAll) if the next fails.
  open = await startServerProcess({ env });
  coded = await startServerProcess({ env: { ...env, AUTH_MODE: "access-code", ACCESS_CODE } });
  // A wiki to read: generated the way the UI does it.
  const started = await api<StartWikiResponse>(open.url, "/api/wikis", {
    method: "POST",
    json: { repo_url: shop.repoDir },
  });
  expect(started.status).toBe(202);
  const run = await waitForStatus(
    open.url,
    started.body.research_id as string,
    ["completed", "failed"],
    60_000,
  );
  expect(run.status).toBe("completed");
  wiki = (await api<WikiView>(open.url, `/api/wikis/${started.body.wiki_id}`)).body;
  repoId = wiki.repo_id;
}, 180_000);

afterAll(async () => {
  await Promise.all([open?.stop(), coded?.stop()]);
  await model?.stop();
});

async function httpClient(base: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "mcp-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("/mcp", base), { requestInit: { headers } }),
  );
  return client;
}

/** `npm run -s mcp`, as an agent's configuration starts it. */
async function stdioClient(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "mcp-test", version: "1.0.0" });
  // The direct mode opens PGlite in its DATA_DIR even in the suite's Postgres pass.
  const {
    CARTOGRAPH_URL: _url,
    CARTOGRAPH_TOKEN: _token,
    DATABASE_URL: _database,
    ...inherited
  } = process.env;
  await client.connect(
    new StdioClientTransport({
      command: "npm",
      args: ["run", "-s", "mcp"],
      cwd: root,
      env: { ...(inherited as Record<string, string>), NODE_ENV: "production", ...env },
      stderr: "pipe",
    }),
  );
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  // biome-ignore lint/suspicious/noExplicitAny: each tool's structured answer is checked field by field.
  return { ...result, text, data: (result.structuredContent ?? {}) as any };
}

async function indexThrough(client: Client, repoUrl = shop.repoDir): Promise<string> {
  const added = await call(client, "add_repository", { repo_url: repoUrl });
  expect(added.isError).toBeFalsy();
  if (added.data.research_id) {
    await waitFor(
      async () => {
        const run = await call(client, "get_research", { research_id: added.data.research_id });
        return run.data.status === "completed" ? run : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: "the index run" },
    );
  }
  return added.data.repo_id;
}

/** Asks, then reads every verified citation back with read_file: each lies within its file. */
async function askAndResolve(client: Client, id: string) {
  const asked = await call(client, "ask_question", {
    repo_id: id,
    question: "How does checkout charge a customer?",
  });
  expect(asked.isError).toBeFalsy();
  expect(asked.data.answer).toContain("Checkout charges through payments");
  expect(asked.data.usage.output_tokens).toBeGreaterThan(0);
  const citations = asked.data.citations as {
    citation: string;
    path: string;
    start_line: number;
    end_line: number;
    verified: boolean;
  }[];
  expect(citations.find((citation) => citation.path === "src/ghost.ts")?.verified).toBe(false);
  const verified = citations.filter((citation) => citation.verified);
  expect(verified.length).toBeGreaterThan(0);
  for (const citation of verified) {
    expect(shop.lineCounts.get(citation.path)).toBeGreaterThanOrEqual(citation.end_line);
    const read = await call(client, "read_file", {
      repo_id: id,
      path: citation.path,
      start_line: citation.start_line,
      end_line: citation.end_line,
    });
    expect(read.isError).toBeFalsy();
    expect(read.data).toMatchObject({
      path: citation.path,
      start_line: citation.start_line,
      end_line: citation.end_line,
    });
  }
  expect(asked.text).toContain("src/ghost.ts:1-4: NOT verified");
  return asked;
}

describe("MCP over Streamable HTTP", () => {
  let client: Client;
  beforeAll(async () => {
    client = await httpClient(open.url);
  });
  afterAll(async () => {
    await client?.close();
  });

  it("lists the tools, each with an input schema and a description", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...TOOLS].sort());
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe("object");
    }
    const search = tools.find((tool) => tool.name === "search_code");
    expect(search?.inputSchema.required).toEqual(["repo_id", "query"]);
  });

  it("lists the repository and searches it as the REST API does, results as path:start-end", async () => {
    const listed = await call(client, "list_repositories");
    expect(listed.data.repositories.map((item: { repo_id: string }) => item.repo_id)).toContain(
      repoId,
    );
    const found = await call(client, "search_code", {
      repo_id: repoId,
      query: "retry backoff",
      k: 3,
    });
    expect(found.isError).toBeFalsy();
    const rest = await api<{ results: { path: string; start_line: number; end_line: number }[] }>(
      open.url,
      `/api/repos/${encodeURIComponent(repoId)}/search?q=${encodeURIComponent("retry backoff")}&k=3`,
    );
    expect(found.data.results.map((result: { location: string }) => result.location)).toEqual(
      rest.body.results.map((result) => `${result.path}:${result.start_line}-${result.end_line}`),
    );
    expect(found.data.results[0].path).toBe("src/retry.ts");
    expect(found.text).toMatch(/^1\. src\/retry\.ts:\d+-\d+/m);
  });

  it("reads a line range of a file, numbered, and refuses a path outside the snapshot", async () => {
    const read = await call(client, "read_file", {
      repo_id: repoId,
      path: "src/retry.ts",
      start_line: 2,
      end_line: 4,
    });
    expect(read.data).toMatchObject({ start_line: 2, end_line: 4, total_lines: 10 });
    expect(read.data.content).toBe(
      "  let delay = 100;\n  for (let attempt = 1; ; attempt++) {\n    try { return await operation(); } catch (error) {",
    );
    expect(read.text).toContain("2    let delay = 100;");
    const missing = await call(client, "read_file", { repo_id: repoId, path: "../etc/passwd" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain("No such file in this snapshot");
    const unknown = await call(client, "search_code", { repo_id: "nope~nothing", query: "x" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain("Repository not found");
  });

  it("reads the wiki's structure and a page with the text the UI shows", async () => {
    const structure = await call(client, "read_wiki_structure", { repo_id: repoId });
    expect(structure.isError).toBeFalsy();
    expect(structure.data.wiki_id).toBe(wiki.wiki_id);
    expect(structure.data.pages.map((page: { id: string }) => page.id)).toEqual(
      wiki.pages.map((page) => page.id),
    );
    expect(structure.text).toContain("[page_id: overview]");
    const page = await call(client, "read_wiki_page", { repo_id: repoId, page_id: "overview" });
    expect(page.isError).toBeFalsy();
    const shown = wiki.pages.find((candidate) => candidate.id === "overview");
    expect(page.data.page.content).toBe(shown?.content);
    expect(page.text).toContain("## Purpose");
    const none = await call(client, "read_wiki_page", { repo_id: repoId, page_id: "nope" });
    expect(none.isError).toBe(true);
    // Chosen by language, type and model as the REST API chooses; none of another model.
    const byModel = await call(client, "read_wiki_structure", {
      repo_id: repoId,
      language: "en",
      wiki_type: "comprehensive",
      model: "fixture-chat",
    });
    expect(byModel.data.wiki_id).toBe(wiki.wiki_id);
    for (const other of [{ model: "another-model" }, { language: "ja" }]) {
      const missing = await call(client, "read_wiki_structure", { repo_id: repoId, ...other });
      expect(missing.isError).toBe(true);
      expect(missing.text).toContain("no wiki yet");
    }
    const badLanguage = await call(client, "read_wiki_page", {
      repo_id: repoId,
      page_id: "overview",
      language: "klingon",
    });
    expect(badLanguage.text).toContain("[bad_request:input]");
  });

  it("asks a question: the answer's citations are the verified ones, and they resolve", async () => {
    const asked = await askAndResolve(client, repoId);
    // The same conversation the UI lists, with the same checked citations stored.
    const chat = await api<{ messages: { role: string; citations?: unknown[] }[] }>(
      open.url,
      `/api/chats/${asked.data.chat_id}`,
    );
    expect(chat.status).toBe(200);
    const stored = chat.body.messages.find((message) => message.role === "assistant");
    expect(stored?.citations).toHaveLength(asked.data.citations.length);
  });

  it("starts a research and follows it to its report", async () => {
    const started = await call(client, "start_research", {
      repo_id: repoId,
      query: "How does checkout charge a customer?",
      mode: "quick",
    });
    expect(started.isError).toBeFalsy();
    const id = started.data.research_id as string;
    const done = await waitFor(
      async () => {
        const got = await call(client, "get_research", { research_id: id });
        return ["completed", "failed"].includes(got.data.status) ? got : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: "the research" },
    );
    expect(done.data.status).toBe("completed");
    expect(done.data.progress).toBe(100);
    const report = await api<ResearchReport>(open.url, `/api/report/${id}`);
    expect(done.data.report.content).toBe(report.body.content);
    expect(done.text).toContain(report.body.content);
    const missing = await call(client, "get_research", { research_id: "no-such-run" });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain("Run not found");
  });

  it("adds a repository, and reads a long file 400 lines at a time", async () => {
    const big = new FixtureRepo(path.join(shop.allowedRoot, "big"));
    const lines = Array.from(
      { length: 1000 },
      (_, index) => `export const line${index + 1} = ${index + 1};`,
    );
    big.write({ "src/big.ts": `${lines.join("\n")}\n` }).commit("big");
    const id = await indexThrough(client, big.dir);
    const first = await call(client, "read_file", { repo_id: id, path: "src/big.ts" });
    expect(first.data).toMatchObject({
      start_line: 1,
      end_line: 400,
      total_lines: 1000,
      truncated: true,
    });
    expect(first.text).toContain("continue with start_line=401");
    const last = await call(client, "read_file", {
      repo_id: id,
      path: "src/big.ts",
      start_line: 990,
    });
    expect(last.data).toMatchObject({ start_line: 990, end_line: 1000, truncated: false });
    expect(last.text).toContain("1000  export const line1000 = 1000;");
    const past = await call(client, "read_file", {
      repo_id: id,
      path: "src/big.ts",
      start_line: 1001,
    });
    expect(past.isError).toBe(true);
    expect(past.text).toContain("the file has 1000 lines");
    const listed = await call(client, "list_repositories");
    expect(listed.data.repositories).toHaveLength(2);
  });

  it("adds a repository with an access token: private by default, the token in no answer or log", async () => {
    // Built at run time, so no token-shaped literal sits in the source.
    const token = ["ghp", "mcpAddRepository".padEnd(36, "x")].join("_");
    const held = new FixtureRepo(path.join(shop.allowedRoot, "held"));
    held.write({ "src/held.ts": "export const held = 1;\n" }).commit("held");
    const added = await call(client, "add_repository", { repo_url: held.dir, token });
    expect(added.isError).toBeFalsy();
    const listed = await call(client, "list_repositories");
    const row = listed.data.repositories.find(
      (item: { repo_id: string }) => item.repo_id === added.data.repo_id,
    );
    expect(row.visibility).toBe("private");
    const shared = new FixtureRepo(path.join(shop.allowedRoot, "shared"));
    shared.write({ "src/shared.ts": "export const shared = 1;\n" }).commit("shared");
    const sharedAdded = await call(client, "add_repository", {
      repo_url: shared.dir,
      token,
      visibility: "shared",
    });
    const openRow = (await call(client, "list_repositories")).data.repositories.find(
      (item: { repo_id: string }) => item.repo_id === sharedAdded.data.repo_id,
    );
    expect(openRow.visibility).toBe("shared");
    expect(JSON.stringify([added, listed, sharedAdded])).not.toContain(token);
    expect(open.output()).not.toContain(token);
  });

  it("answers GET and DELETE with 405: the server keeps no session", async () => {
    for (const method of ["GET", "DELETE"]) {
      const response = await rawRequest(open.url, {
        method,
        path: "/mcp",
        headers: { accept: "text/event-stream" },
      });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe("POST");
    }
  });
});

describe("MCP behind the guards", () => {
  const initialize = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "raw", version: "1" },
    },
  });
  const post = (base: string, headers: Record<string, string>) =>
    rawRequest(base, {
      method: "POST",
      path: "/mcp",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...headers,
      },
      body: initialize,
    });

  it("refuses a client without the access code, and accepts it as a bearer token", async () => {
    const refused = await post(coded.url, {});
    expect(refused.status).toBe(401);
    expect(refused.headers["www-authenticate"]).toContain("Bearer");
    const wrong = await post(coded.url, { authorization: "Bearer not-the-code" });
    expect(wrong.status).toBe(401);
    await expect(httpClient(coded.url)).rejects.toThrow();

    const client = await httpClient(coded.url, { authorization: `Bearer ${ACCESS_CODE}` });
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(TOOLS.length);
    await client.close();
  });

  it("takes API tokens: a read token reads and asks but starts nothing; a revoked one is refused", async () => {
    const mint = async (scope: "read" | "write") => {
      const minted = await api<{ id: string; token: string }>(coded.url, "/api/tokens", {
        method: "POST",
        headers: { authorization: `Bearer ${ACCESS_CODE}` },
        json: { name: `mcp ${scope}`, scope },
      });
      expect(minted.status).toBe(201);
      return minted.body;
    };
    const reader = await mint("read");
    const client = await httpClient(coded.url, { authorization: `Bearer ${reader.token}` });
    const listed = await call(client, "list_repositories");
    expect(listed.isError).toBeFalsy();
    const refused = await call(client, "add_repository", { repo_url: shop.repoDir });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("forbidden:scope");
    await client.close();

    const writer = await mint("write");
    const allowed = await httpClient(coded.url, { authorization: `Bearer ${writer.token}` });
    const id = await indexThrough(allowed);
    expect(id).toBeTruthy();
    await allowed.close();

    const revoked = await api(coded.url, `/api/tokens/${writer.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ACCESS_CODE}` },
    });
    expect(revoked.status).toBeLessThan(300);
    const after = await post(coded.url, { authorization: `Bearer ${writer.token}` });
    expect(after.status).toBe(401);
  });

  it("refuses another host name (DNS rebinding) and another origin (a web page)", async () => {
    const host = new URL(open.url).host;
    const rebound = await post(open.url, { host: `attacker.example:${new URL(open.url).port}` });
    expect(rebound.status).toBe(421);
    const crossSite = await post(open.url, { host, origin: "http://attacker.example" });
    expect(crossSite.status).toBe(403);
    const form = await rawRequest(open.url, {
      method: "POST",
      path: "/mcp",
      headers: { "content-type": "text/plain" },
      body: initialize,
    });
    expect(form.status).toBe(415);
    const ok = await post(open.url, { host });
    expect(ok.status).toBe(200);
  });

  it("refuses a body over the limit before reading it", async () => {
    const response = await rawRequest(open.url, {
      method: "POST",
      path: "/mcp",
      headers: { "content-type": "application/json", "content-length": String(2 * 1024 * 1024) },
      body: Buffer.alloc(2 * 1024 * 1024, 32),
    });
    expect(response.status).toBe(413);
  });
});

describe("MCP over stdio", () => {
  it("relays to a running server with its token (CARTOGRAPH_URL, CARTOGRAPH_TOKEN)", async () => {
    const client = await stdioClient({ CARTOGRAPH_URL: coded.url, CARTOGRAPH_TOKEN: ACCESS_CODE });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([...TOOLS].sort());
      const id = await indexThrough(client);
      const found = await call(client, "search_code", { repo_id: id, query: "refund policy" });
      expect(found.data.results[0].location).toMatch(/^src\/refunds\.ts:\d+-\d+$/);
      await askAndResolve(client, id);
    } finally {
      await client.close();
    }
  });

  it("relays nothing without the right token", async () => {
    await expect(
      stdioClient({ CARTOGRAPH_URL: coded.url, CARTOGRAPH_TOKEN: "wrong-code" }),
    ).rejects.toThrow();
  });

  it.skipIf(process.env.DATABASE_URL)(
    "refuses to open a running server's embedded database (PGlite only: Postgres takes several processes)",
    async () => {
      const client = new Client({ name: "mcp-test", version: "1.0.0" });
      const transport = new StdioClientTransport({
        command: "npm",
        args: ["run", "-s", "mcp"],
        cwd: root,
        env: { ...(process.env as Record<string, string>), DATA_DIR: open.dataDir },
        stderr: "pipe",
      });
      let log = "";
      transport.stderr?.on("data", (chunk: Buffer) => {
        log += chunk.toString();
      });
      await expect(client.connect(transport)).rejects.toThrow();
      await waitFor(() => log.includes("is in use by process"), { what: "the refusal in the log" });
      expect(log).toContain("CARTOGRAPH_URL");
      // The server is unharmed.
      expect((await api(open.url, "/api/repos")).status).toBe(200);
    },
  );

  it("serves its own database as the local user without CARTOGRAPH_URL", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "cartograph-mcp-stdio-"));
    const client = await stdioClient({
      DATA_DIR: dataDir,
      CARTOGRAPH_LOCAL_ROOTS: shop.allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
    });
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(TOOLS.length);
      const id = await indexThrough(client);
      const read = await call(client, "read_file", {
        repo_id: id,
        path: "src/payments.ts",
        end_line: 2,
      });
      expect(read.data.content).toBe(
        "import { retry } from './retry';\nexport function charge(customer: string, total: number) {",
      );
      await askAndResolve(client, id);
      const noWiki = await call(client, "read_wiki_structure", { repo_id: id });
      expect(noWiki.isError).toBe(true);
      expect(noWiki.text).toContain("no wiki yet");
    } finally {
      await client.close();
    }
  }, 120_000);
});
