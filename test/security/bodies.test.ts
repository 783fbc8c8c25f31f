import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../support/raw-http";
import { type ServerProcess, startServerProcess } from "../support/server-process";

const MiB = 1024 * 1024;
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({
    env: { AUTH_MODE: "access-code", ACCESS_CODE: "bodies-code-77" },
  });
});
afterAll(async () => {
  await server?.stop();
});

/** The server's resident memory in MB, from /proc. */
function residentMb(): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** `total` bytes of filler in 64 KiB pieces, generated as they are sent. */
function filler(total: number) {
  return async function* () {
    const piece = Buffer.alloc(64 * 1024, "a");
    for (let sent = 0; sent < total; sent += piece.length) yield piece;
  };
}

const post = (path: string, body: string | (() => AsyncIterable<Buffer>), headers = {}) =>
  rawRequest(server.url, {
    method: "POST",
    path,
    headers: { "content-type": "application/json", ...headers },
    body,
  });

describe("request bodies are bounded", () => {
  it("a 200 MB body streamed at /auth/validate gets 413 and the server's memory stays flat", async () => {
    const before = residentMb();
    const chunked = await post("/auth/validate", filler(200 * MiB));
    expect(chunked.status).toBe(413);
    expect(chunked.json).toMatchObject({ error: { code: "payload_too_large:body" } });
    const declared = await post("/auth/validate", filler(200 * MiB), {
      "content-length": String(200 * MiB),
    });
    expect(declared.status).toBe(413);
    expect(residentMb() - before).toBeLessThan(50);
    // The server is still well.
    expect((await rawRequest(server.url, { path: "/health" })).status).toBe(200);
  }, 120_000);

  it("a declared Content-Length over the limit is refused before the body is read", async () => {
    const started = Date.now();
    const response = await post("/api/repos", filler(64 * 1024), {
      "content-length": String(5 * MiB),
    });
    expect(response.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("the chat endpoints take DeepWiki-sized prompts (over 1 MiB) up to 8 MiB", async () => {
    const messages = Array.from({ length: 15 }, (_, index) => ({
      role: index % 2 === 0 ? "user" : "assistant",
      content: "x".repeat(150_000),
    }));
    const big = JSON.stringify({ repo_url: "not a repository", messages });
    expect(big.length).toBeGreaterThan(2 * MiB);
    const auth = { authorization: "Bearer bodies-code-77" };
    const accepted = await post("/api/chat/stream", big, auth);
    expect(accepted.status).not.toBe(413);
    expect(accepted.status).toBeLessThan(500);
    const tooBig = await post("/chat/completions/stream", filler(9 * MiB), auth);
    expect(tooBig.status).toBe(413);
    const sameSizeElsewhere = await post("/api/start_research", big, auth);
    expect(sameSizeElsewhere.status).toBe(413);
  }, 60_000);

  it("the DeepWiki cache import takes up to 32 MiB", async () => {
    const auth = { authorization: "Bearer bodies-code-77" };
    const wiki = JSON.stringify({
      repo: { owner: "a", repo: "b", type: "github" },
      language: "en",
      wiki_structure: { id: "w", title: "T", description: "x".repeat(20 * MiB), pages: [] },
      generated_pages: {},
    });
    const accepted = await post("/api/wiki_cache", wiki, auth);
    expect(accepted.status).not.toBe(413);
    expect(accepted.status).toBeLessThan(500);
    expect((await post("/api/wiki_cache", filler(33 * MiB), auth)).status).toBe(413);
  }, 60_000);
});
