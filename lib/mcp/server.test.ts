import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/guard";
import { AppError } from "../errors";
import { setLogWriter } from "../log";
import type { Services } from "../services";
import { createMcpServer } from "./server";

const principal: Principal = { userId: "user-1", key: "bearer:abc" };

async function connect(services: Partial<Record<keyof Services, unknown>>): Promise<Client> {
  const server = createMcpServer(services as unknown as Services, principal);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "unit", version: "1" });
  await client.connect(clientSide);
  return client;
}

const textOf = (result: CallToolResult) =>
  result.content.map((part) => (part.type === "text" ? part.text : "")).join("");

describe("createMcpServer", () => {
  it("marks which tools only read", async () => {
    const client = await connect({});
    const { tools } = await client.listTools();
    const readOnly = Object.fromEntries(
      tools.map((tool) => [tool.name, tool.annotations?.readOnlyHint]),
    );
    expect(readOnly).toMatchObject({
      list_repositories: true,
      search_code: true,
      read_file: true,
      read_wiki_structure: true,
      read_wiki_page: true,
      get_research: true,
      add_repository: false,
      ask_question: false,
      start_research: false,
    });
  });

  it("calls the lib as the principal it was made for", async () => {
    const seen: unknown[] = [];
    const client = await connect({
      disk: { assertRoom: () => {} },
      repos: {
        addRepository: async (who: Principal, request: unknown) => {
          seen.push(who, request);
          return { repo_id: "r", snapshot_id: "s", research_id: null };
        },
      },
    });
    const result = (await client.callTool({
      name: "add_repository",
      arguments: { repo_url: "owner/repo", ref: "main" },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ repo_id: "r", status: "ready" });
    expect(seen).toEqual([principal, { repo_url: "owner/repo", ref: "main" }]);
  });

  it("turns an AppError into a tool error with its short message and code", async () => {
    const client = await connect({
      repos: {
        list: async () => {
          throw new AppError("rate_limited:chat", "Too many requests; slow down", {
            retryAfterSeconds: 3,
          });
        },
      },
    });
    const result = (await client.callTool({ name: "list_repositories" })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Too many requests; slow down (retry in 3 s) [rate_limited:chat]");
  });

  it("answers anything unexpected as an internal error, logging what the client must not see", async () => {
    const lines: string[] = [];
    const previous = setLogWriter((_level, line) => lines.push(line));
    try {
      const client = await connect({
        repos: {
          list: async () => {
            throw new Error("connection to 10.0.0.5:5432 refused");
          },
        },
      });
      const result = (await client.callTool({ name: "list_repositories" })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe("Internal server error [internal:server]");
      expect(lines.join("\n")).toContain("10.0.0.5:5432");
    } finally {
      setLogWriter(previous);
    }
  });

  it("relays the index's progress to a client that asked for it while a question waits", async () => {
    const client = await connect({
      database: { db: {} },
      limits: { take: () => {} },
      models: { resolveChat: async () => null },
      repos: {
        get: async () => ({ repo_id: "r", source: "https://example.com/o/r.git" }),
        async *ensureIndexed() {
          yield { message: "Parsed 1 of 4 files", progress: 25 };
          yield { message: "Parsed 3 of 4 files", progress: 75 };
          throw new AppError("unavailable:index", "Indexing failed");
        },
      },
    });
    const updates: { progress: number; message?: string }[] = [];
    const result = (await client.callTool(
      { name: "ask_question", arguments: { repo_id: "r", question: "What?" } },
      undefined,
      { onprogress: (update) => updates.push(update) },
    )) as CallToolResult;
    expect(updates).toEqual([
      { progress: 25, total: 100, message: "Parsed 1 of 4 files" },
      { progress: 75, total: 100, message: "Parsed 3 of 4 files" },
    ]);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Indexing failed [unavailable:index]");
  });

  it("refuses text Postgres cannot store as bad input, before any lib call", async () => {
    let called = false;
    const client = await connect({
      repos: {
        resolveSnapshot: async () => {
          called = true;
          throw new Error("unreachable");
        },
      },
    });
    const result = (await client.callTool({
      name: "read_file",
      arguments: { repo_id: "r", path: "src/a\u0000.ts" },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("[bad_request:input]");
    expect(called).toBe(false);
  });

  it("refuses arguments outside the schema before any lib call", async () => {
    let called = false;
    const client = await connect({
      repos: {
        resolveSnapshot: async () => {
          called = true;
          throw new Error("unreachable");
        },
      },
    });
    const result = (await client.callTool({
      name: "search_code",
      arguments: { repo_id: "r", query: "x", k: 500 },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(called).toBe(false);
  });
});
