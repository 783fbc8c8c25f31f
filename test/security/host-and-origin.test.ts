import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chatOverSocket } from "../support/chat-client";
import { ProgressClient } from "../support/clients";
import { rawRequest } from "../support/raw-http";
import { type ServerProcess, startServerProcess } from "../support/server-process";

// A page the user opens can reach a server on loopback: by rebinding its own name to
// 127.0.0.1 (the browser then sends that name as Host), or by sending requests to
// localhost from its own origin. Neither may read or change anything.
let server: ServerProcess;
let port: string;
const DEEPWIKI_ORIGIN = "http://deepwiki.test:3000";

beforeAll(async () => {
  server = await startServerProcess({
    env: {
      ALLOWED_ORIGINS: DEEPWIKI_ORIGIN,
      ALLOWED_HOSTS: "cartograph.internal",
      PUBLIC_URL: "https://carto.example.com",
    },
  });
  port = new URL(server.url).port;
});
afterAll(async () => {
  await server?.stop();
});

const json = { "content-type": "application/json" };

describe("DNS rebinding: a Host that is not ours is refused before routing", () => {
  it.each([
    ["GET", "/api/repos"],
    ["GET", "/api/history"],
    ["GET", "/"],
    ["POST", "/api/repos"],
    ["GET", "/api/repos/x/file?path=README.md"],
  ])("%s %s", async (method, path) => {
    const response = await rawRequest(server.url, {
      method,
      path,
      headers: { host: `evil.test:${port}`, ...(method === "POST" ? json : {}) },
      body: method === "POST" ? JSON.stringify({ repo_url: "/tmp" }) : undefined,
    });
    expect(response.status).toBe(421);
    expect(response.json).toMatchObject({ error: { code: "misdirected:host" } });
  });

  it("refuses our names on another port and lookalike names", async () => {
    for (const host of [
      "localhost:1",
      `localhost.evil.test:${port}`,
      `127.0.0.1.nip.io:${port}`,
      "carto.example.com:8443",
    ]) {
      const response = await rawRequest(server.url, { path: "/api/repos", headers: { host } });
      expect(response.status, host).toBe(421);
    }
  });

  it("answers loopback names on its port, PUBLIC_URL's host and ALLOWED_HOSTS", async () => {
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      "carto.example.com",
      "carto.example.com:443",
      "cartograph.internal",
      `CARTOGRAPH.internal:${port}`,
    ]) {
      const response = await rawRequest(server.url, { path: "/api/repos", headers: { host } });
      expect(response.status, host).toBe(200);
    }
  });

  it("closes a /ws/chat upgrade with a foreign Host without opening it", async () => {
    const outcome = await chatOverSocket(
      server.url,
      { repo_url: "x", messages: [] },
      {
        headers: { host: `evil.test:${port}` },
      },
    );
    expect(outcome.code).toBe(421);
    expect(outcome.frames).toEqual([]);
  });

  it("closes an upgrade to a path nobody serves at once", async () => {
    const started = Date.now();
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${server.url.replace("http", "ws")}/ws/nothing-here`);
      socket.on("open", () => resolve(101));
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.on("error", () => resolve(-1));
    });
    expect(status).toBe(404);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("refuses Socket.IO handshakes, polling and upgrades with a foreign Host", async () => {
    const polling = await rawRequest(server.url, {
      path: "/socket.io/?EIO=4&transport=polling",
      headers: { host: `evil.test:${port}` },
    });
    expect(polling.status).toBe(403);
    const upgraded = await new Promise<number>((resolve) => {
      const socket = new WebSocket(
        `${server.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`,
        { headers: { host: `evil.test:${port}` } },
      );
      socket.on("open", () => resolve(101));
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.on("error", () => resolve(-1));
    });
    expect([101]).not.toContain(upgraded);
    const ours = await rawRequest(server.url, { path: "/socket.io/?EIO=4&transport=polling" });
    expect(ours.status).toBe(200);
  });
});

describe("cross-site requests cannot change anything", () => {
  const attempts: [string, Record<string, string>][] = [
    ["a page on another site", { origin: "http://evil.test" }],
    ["another port of the same host", { origin: "http://127.0.0.1:5173" }],
    ["localhost on another port", { origin: "http://localhost:8080" }],
    ["a sandboxed frame (Origin: null)", { origin: "null" }],
    ["no Origin but Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["no Origin but Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
  ];

  it.each(attempts)("%s: a JSON POST is refused 403", async (_name, headers) => {
    const response = await rawRequest(server.url, {
      method: "POST",
      path: "/api/start_research",
      headers: { ...json, ...headers },
      body: JSON.stringify({ query: "q", repo_url: "/nowhere" }),
    });
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({ error: { code: "forbidden:origin" } });
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "a simple request (%s) is refused even from our own origin",
    async (type) => {
      const response = await rawRequest(server.url, {
        method: "POST",
        path: "/api/settings",
        headers: { "content-type": type, origin: server.url },
        body: JSON.stringify({ base_url: "http://evil.test/v1" }),
      });
      expect(response.status).toBe(415);
    },
  );

  it("a text/plain POST from another site is refused before it is read", async () => {
    const response = await rawRequest(server.url, {
      method: "POST",
      path: "/chat/completions/stream",
      headers: { "content-type": "text/plain", origin: "http://evil.test" },
      body: JSON.stringify({ repo_url: "/x", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(403);
  });

  it("PUT and DELETE from another site are refused", async () => {
    for (const [method, path] of [
      ["PUT", "/api/settings"],
      ["DELETE", "/api/repos/anything"],
      ["DELETE", "/api/wiki_cache?owner=a&repo=b&repo_type=local&language=en"],
    ]) {
      const response = await rawRequest(server.url, {
        method,
        path,
        headers: { ...json, origin: "http://evil.test" },
        body: method === "PUT" ? "{}" : undefined,
      });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
  });

  it("our own pages, allowed origins and scripts without Origin get through", async () => {
    const legitimate: Record<string, string>[] = [
      { origin: server.url, "sec-fetch-site": "same-origin" },
      { origin: `http://localhost:${port}` },
      { origin: DEEPWIKI_ORIGIN, "sec-fetch-site": "cross-site" },
      { origin: "https://carto.example.com" },
      {},
    ];
    for (const headers of legitimate) {
      const response = await rawRequest(server.url, {
        method: "POST",
        path: "/export/wiki",
        headers: { ...json, ...headers },
        body: JSON.stringify({ repo_url: "https://github.com/a/b", pages: [], format: "json" }),
      });
      expect(response.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it("/ws/chat refuses other origins with its reason and 1008, and takes allowed ones", async () => {
    const refused = await chatOverSocket(
      server.url,
      { repo_url: "x", messages: [] },
      {
        headers: { origin: "http://evil.test" },
      },
    );
    expect(refused.code).toBe(1008);
    expect(refused.frames).toEqual(["Error: Forbidden origin"]);
    // A rebinding page sends a matching Host and Origin: the Host check refuses it first.
    const rebound = await chatOverSocket(
      server.url,
      { repo_url: "x", messages: [] },
      {
        headers: { origin: `http://evil.test:${port}`, host: `evil.test:${port}` },
      },
    );
    expect(rebound.code).toBe(421);
    for (const origin of [DEEPWIKI_ORIGIN, server.url]) {
      const allowed = await chatOverSocket(
        server.url,
        { repo_url: "x", messages: [] },
        {
          headers: { origin },
        },
      );
      expect(allowed.code, origin).toBe(1003); // past the origin check, refused as a bad request
    }
  });

  it("Socket.IO refuses other origins and takes allowed ones", async () => {
    const evil = new ProgressClient(server.url, ["polling"], { origin: "http://evil.test" });
    await expect(evil.connected()).rejects.toBeTruthy();
    evil.close();
    const deepwiki = new ProgressClient(server.url, ["websocket"], { origin: DEEPWIKI_ORIGIN });
    await deepwiki.connected();
    deepwiki.close();
  });
});

describe("security headers", () => {
  it("pages carry a nonce-based CSP that their scripts satisfy, and no framing", async () => {
    const response = await rawRequest(server.url, { path: "/", headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const policy = String(response.headers["content-security-policy"]);
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
    const scripts = [...response.text.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      // Every script is either from this origin (src="/_next/…") or carries the nonce.
      const fromSelf = /\bsrc="\/(?!\/)/.test(attributes);
      expect(fromSelf || attributes.includes(`nonce="${nonce}"`), attributes).toBe(true);
    }
    expect(response.text).not.toMatch(/\son[a-z]+="/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["referrer-policy"]).toBe("same-origin");
    const again = await rawRequest(server.url, { path: "/", headers: { accept: "text/html" } });
    expect(again.headers["content-security-policy"]).not.toBe(policy);
  });

  it("API answers are not sniffed either", async () => {
    const response = await rawRequest(server.url, { path: "/api/repos" });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });
});
