import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatOverSocket } from "../support/chat-client";
import { ProgressClient } from "../support/clients";
import { rawRequest } from "../support/raw-http";
import { type ServerProcess, startServerProcess } from "../support/server-process";

const CODE = "correct horse battery staple";
let server: ServerProcess;

const env = (code: string, extra: Record<string, string> = {}) => ({
  AUTH_MODE: "access-code",
  ACCESS_CODE: code,
  ...extra,
});

async function signIn(base: string, code: string, headers: Record<string, string> = {}) {
  const response = await rawRequest(base, {
    method: "POST",
    path: "/auth/validate",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ code }),
  });
  const setCookie = response.headers["set-cookie"]?.[0] ?? "";
  return { response, setCookie, cookie: setCookie.split(";")[0] };
}

const history = (base: string, cookie: string) =>
  rawRequest(base, { path: "/api/history", headers: { cookie } });

beforeAll(async () => {
  server = await startServerProcess({ env: env(CODE) });
});
afterAll(async () => {
  await server?.stop();
});

describe("sign-in sessions", () => {
  it("the cookie holds a random session id, never the code, and is HttpOnly and SameSite=Lax", async () => {
    const { response, setCookie, cookie } = await signIn(server.url, CODE);
    expect(response.json).toEqual({ success: true });
    expect(cookie).toMatch(/^cartograph_session=[A-Za-z0-9_-]{43}$/);
    expect(setCookie).not.toContain(encodeURIComponent(CODE));
    expect(setCookie).not.toContain(CODE);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // plain http, no trusted proxy
    expect((await history(server.url, cookie)).status).toBe(200);
    // Two sign-ins are two sessions.
    expect((await signIn(server.url, CODE)).cookie).not.toBe(cookie);
  });

  it("a cookie carrying the code itself opens nothing", async () => {
    const cookie = `cartograph_access=${encodeURIComponent(CODE)}; cartograph_session=${encodeURIComponent(CODE)}`;
    expect((await history(server.url, cookie)).status).toBe(401);
  });

  it("X-Forwarded-Proto is believed only from a trusted proxy", async () => {
    const spoofed = await signIn(server.url, CODE, { "x-forwarded-proto": "https" });
    expect(spoofed.setCookie).not.toMatch(/Secure/);
    const proxied = await startServerProcess({ env: env(CODE, { TRUST_PROXY: "true" }) });
    try {
      const behindProxy = await signIn(proxied.url, CODE, {
        "x-forwarded-proto": "https",
        "x-forwarded-for": "203.0.113.9",
      });
      expect(behindProxy.setCookie).toMatch(/; Secure/);
    } finally {
      await proxied.stop();
    }
  });

  it("logout revokes the session on the server: a replayed cookie gets 401 on every surface", async () => {
    const { cookie } = await signIn(server.url, CODE);
    expect((await history(server.url, cookie)).status).toBe(200);
    const logout = await rawRequest(server.url, {
      method: "POST",
      path: "/auth/logout",
      headers: { cookie },
    });
    expect(logout.status).toBe(200);
    expect(logout.headers["set-cookie"]?.[0]).toMatch(/Max-Age=0/);
    expect((await history(server.url, cookie)).status).toBe(401);
    const chat = await chatOverSocket(
      server.url,
      { repo_url: "x", messages: [] },
      {
        headers: { cookie },
      },
    );
    expect(chat.code).toBe(1008);
    expect(chat.frames).toEqual(["Error: Authentication required"]);
    const progress = new ProgressClient(server.url, ["polling"], { cookie });
    await expect(progress.connected()).rejects.toThrow(/Authentication required/);
    progress.close();
  });

  it.each([
    ["garbage", "cartograph_session=%%%"],
    ["a bad escape", "cartograph_session=%E0%A4%A"],
    ["an empty value", "cartograph_session="],
    ["no value at all", "cartograph_session"],
    ["a huge value", `cartograph_session=${"x".repeat(6_000)}`],
    ["a NUL byte", "cartograph_session=abc%00def"],
    ["only separators", ";;;=;=="],
  ])("a malformed cookie (%s) is treated as absent: 401, never 500", async (_name, cookie) => {
    const response = await history(server.url, cookie);
    expect(response.status).toBe(401);
    const page = await rawRequest(server.url, {
      path: "/research",
      headers: { cookie, accept: "text/html" },
    });
    expect(page.status).toBe(302);
  });

  it("changing ACCESS_CODE ends every session", async () => {
    const dataDir = server.dataDir;
    const { cookie } = await signIn(server.url, CODE);
    expect((await history(server.url, cookie)).status).toBe(200);
    await server.stop();
    server = await startServerProcess({ dataDir, env: env("a brand new code") });
    expect((await history(server.url, cookie)).status).toBe(401);
    const fresh = await signIn(server.url, "a brand new code");
    expect((await history(server.url, fresh.cookie)).status).toBe(200);
  });
});
