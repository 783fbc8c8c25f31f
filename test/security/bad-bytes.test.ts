import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatOverSocket } from "../support/chat-client";
import { ProgressClient } from "../support/clients";
import { rawRequest } from "../support/raw-http";
import { type ServerProcess, startServerProcess } from "../support/server-process";

// Postgres stores neither NUL nor a lone UTF-16 surrogate. Such input is the client's
// mistake (or an attack): it must be refused as bad input on every surface, never a 500.
let server: ServerProcess;
let progress: ProgressClient;

beforeAll(async () => {
  server = await startServerProcess();
  progress = new ProgressClient(server.url, ["polling"]);
  await progress.connected();
});
afterAll(async () => {
  progress?.close();
  await server?.stop();
});

// As JSON escapes, exactly as a client would send them.
const NUL = "\\u0000";
const LONE = "\\ud800";

const bodies: [string, string, string][] = [
  ["POST", "/api/repos", `{"repo_url":"https://github.com/a/b${NUL}"}`],
  ["POST", "/api/repos", `{"repo_url":"https://github.com/a/b","ref":"main${LONE}"}`],
  ["POST", "/api/start_research", `{"query":"why${NUL}","repo_url":"https://github.com/a/b"}`],
  ["POST", "/api/wikis", `{"repo_url":"https://github.com/a/${LONE}b"}`],
  ["POST", "/api/runs", `{"kind":"test.steps","input":{"label":"x${NUL}"}}`],
  ["PUT", "/api/settings", `{"chat_model":"m${NUL}"}`],
  ["POST", "/api/wiki_cache", `{"repo":{"owner":"a${NUL}","repo":"b","type":"github"}}`],
  [
    "POST",
    "/export/wiki",
    `{"repo_url":"x","pages":[{"id":"a","title":"t${NUL}"}],"format":"json"}`,
  ],
  ["POST", "/auth/validate", `{"code":"a${NUL}b"}`],
  ["POST", "/api/chat/stream", `{"repo_url":"x","messages":[{"role":"user","content":"a${NUL}"}]}`],
  [
    "POST",
    "/chat/completions/stream",
    `{"repo_url":"x","messages":[{"role":"user","content":"${LONE}"}]}`,
  ],
  ["POST", "/api/runs", `{"kind":"test.steps","input":{"${NUL}":1}}`],
];

describe("NUL bytes and lone surrogates are refused as bad input", () => {
  it.each(bodies)("%s %s with %s", async (method, path, body) => {
    const response = await rawRequest(server.url, {
      method,
      path,
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it.each([
    "/api/repos/a%00b",
    "/api/repos/a%00b/file?path=x",
    "/api/repos/x/file?path=a%00b",
    "/api/repos/x/search?q=a%00b",
    "/api/research/a%00b/status",
    "/api/research/x/logs?after_seq=1%00",
    "/api/report/a%00b",
    "/api/wikis/a%00b",
    "/api/chats/a%00b",
    "/api/history?limit=1%00",
    "/api/wiki_cache?owner=a%00&repo=b&repo_type=github&language=en",
    "/local_repo/structure?path=%2Ftmp%00",
    "/api/repos/x/file?path=%ED%A0%80",
  ])("GET %s", async (path) => {
    const response = await rawRequest(server.url, { path });
    expect(response.status, response.text).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it.each([
    ["DELETE", "/api/repos/a%00b"],
    ["DELETE", "/api/delete/a%00b"],
    ["POST", "/api/terminate/a%00b"],
    ["DELETE", "/api/chats/a%00b"],
  ])("%s %s", async (method, path) => {
    const response = await rawRequest(server.url, { method, path });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it("over /ws/chat: the reason frame and 1003", async () => {
    for (const raw of [
      `{"repo_url":"x${NUL}","messages":[{"role":"user","content":"hi"}]}`,
      `{"repo_url":"x","messages":[{"role":"user","content":"${LONE}"}],"stream":"events"}`,
    ]) {
      const outcome = await chatOverSocket(server.url, undefined, { raw });
      expect(outcome.code).toBe(1003);
      expect(outcome.frames).toHaveLength(1);
      expect(outcome.frames[0]).toMatch(/NUL byte or an unpaired surrogate/);
    }
  });

  it("over Socket.IO: {ok: false}", async () => {
    for (const research_id of ["a\u0000b", "\ud800"]) {
      const ack = await progress.subscribe({ research_id });
      expect(ack.ok).toBe(false);
    }
    const ack = await progress.subscribe({ research_id: "x", after_seq: 0, extra: "\u0000" });
    expect(ack.ok).toBe(false);
  });

  it("the server logged no internal error for any of it", () => {
    expect(server.output()).not.toMatch(/unexpected error|invalid byte sequence|22P05|22021/);
  });
});
