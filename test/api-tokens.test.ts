import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../lib/db/client";
import { apiTokens } from "../lib/db/schema";
import { asUser, signUpAs } from "./support/accounts";
import { chatOverSocket } from "./support/chat-client";
import { ProgressClient } from "./support/clients";
import { type ServerProcess, startServerProcess } from "./support/server-process";

const startRun = { kind: "test.steps", input: { steps: 1 } };
const chatRequest = {
  repo_url: "https://example.invalid/none",
  messages: [{ role: "user", content: "hi" }],
};

/** Whether every surface lets this bearer in: REST, /ws/chat and Socket.IO. */
async function surfaces(base: string, token: string) {
  const rest = (await asUser(base, { token }, "/api/me")).status;
  const chat = await chatOverSocket(base, chatRequest, {
    headers: { authorization: `Bearer ${token}` },
  });
  const progress = new ProgressClient(base, ["polling"], { authorization: `Bearer ${token}` });
  const socket = await progress.connected().then(
    () => "connected",
    (error: Error) => error.message,
  );
  progress.close();
  const chatRefused = chat.frames[0] === "Error: Authentication required" && chat.code === 1008;
  return { rest, chat: chatRefused ? "refused" : "admitted", socket };
}

const refusedEverywhere = { rest: 401, chat: "refused", socket: "Authentication required" };
const admittedEverywhere = { rest: 200, chat: "admitted", socket: "connected" };

describe("API tokens (AUTH_MODE=accounts)", () => {
  let server: ServerProcess;
  let cookie = "";
  let otherCookie = "";
  beforeAll(async () => {
    server = await startServerProcess({ env: { AUTH_MODE: "accounts", SIGNUP: "open" } });
    cookie = (await signUpAs(server.url, { username: "ada", password: "ada-password-1" })).cookie;
    otherCookie = (await signUpAs(server.url, { username: "bob", password: "bob-password-1" }))
      .cookie;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("creates a token shown once, lists it without its value, and it opens every surface", async () => {
    const created = await asUser(server.url, { cookie }, "/api/tokens", {
      method: "POST",
      json: { name: "laptop script", scope: "write", expires_in_days: 30 },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.any(String),
      token: expect.stringMatching(/^cgt_[A-Za-z0-9_-]{43}$/),
      expires_at: expect.any(String),
    });
    const listed = await asUser(server.url, { cookie }, "/api/tokens");
    expect(listed.json.tokens).toEqual([
      expect.objectContaining({
        id: created.json.id,
        name: "laptop script",
        scope: "write",
        revoked_at: null,
      }),
    ]);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.token);
    expect(await surfaces(server.url, created.json.token)).toEqual(admittedEverywhere);
    const me = await asUser(server.url, { token: created.json.token }, "/api/me");
    expect(me.json.user).toMatchObject({ username: "ada", role: "admin", signed_in: true });
    // Another user's list does not show it, and they cannot revoke it.
    expect((await asUser(server.url, { cookie: otherCookie }, "/api/tokens")).json.tokens).toEqual(
      [],
    );
    expect(
      (
        await asUser(server.url, { cookie: otherCookie }, `/api/tokens/${created.json.id}`, {
          method: "DELETE",
        })
      ).status,
    ).toBe(404);
  });

  it("a revoked token is refused at once on REST, /ws/chat and Socket.IO", async () => {
    const created = await asUser(server.url, { cookie }, "/api/tokens", {
      method: "POST",
      json: { name: "to revoke", scope: "read" },
    });
    expect(await surfaces(server.url, created.json.token)).toEqual(admittedEverywhere);
    const revoked = await asUser(server.url, { cookie }, `/api/tokens/${created.json.id}`, {
      method: "DELETE",
    });
    expect(revoked.status).toBe(200);
    expect(await surfaces(server.url, created.json.token)).toEqual(refusedEverywhere);
    const listed = await asUser(server.url, { cookie }, "/api/tokens");
    const row = (listed.json.tokens as Array<{ id: string; revoked_at: string | null }>).find(
      (token) => token.id === created.json.id,
    );
    expect(row?.revoked_at).not.toBeNull();
  });

  it("a read token reads and asks, but is refused (403) anything that changes state", async () => {
    const { json } = await asUser(server.url, { cookie }, "/api/tokens", {
      method: "POST",
      json: { name: "reader", scope: "read" },
    });
    const token = json.token as string;
    expect((await asUser(server.url, { token }, "/api/history")).status).toBe(200);
    const start = await asUser(server.url, { token }, "/api/runs", {
      method: "POST",
      json: startRun,
    });
    expect(start.status).toBe(403);
    expect(start.json.error.code).toBe("forbidden:scope");
    expect(
      (
        await asUser(server.url, { token }, "/api/repos", {
          method: "POST",
          json: { url: "https://example.invalid/x" },
        })
      ).status,
    ).toBe(403);
    // A token never mints tokens.
    expect(
      (
        await asUser(server.url, { token }, "/api/tokens", {
          method: "POST",
          json: { name: "x", scope: "read" },
        })
      ).status,
    ).toBe(403);
    const writer = await asUser(server.url, { cookie }, "/api/tokens", {
      method: "POST",
      json: { name: "writer", scope: "write" },
    });
    expect(
      (
        await asUser(server.url, { token: writer.json.token }, "/api/runs", {
          method: "POST",
          json: startRun,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await asUser(server.url, { token: writer.json.token }, "/api/tokens", {
          method: "POST",
          json: { name: "x", scope: "read" },
        })
      ).status,
    ).toBe(403);
  });

  it("a wrong token is 401 and counts as a failed sign-in", async () => {
    const fake = `cgt_${"A".repeat(43)}`;
    expect((await asUser(server.url, { token: fake }, "/api/me")).status).toBe(401);
    expect(server.output()).toMatch(/refused sign-in/);
  });

  it("an expired token is refused on every surface", async () => {
    const { json } = await asUser(server.url, { cookie }, "/api/tokens", {
      method: "POST",
      json: { name: "short-lived", scope: "write", expires_in_days: 1 },
    });
    expect(await surfaces(server.url, json.token)).toEqual(admittedEverywhere);
    // Move its expiry into the past in the database (the server is stopped: PGlite is one process).
    const { dataDir, databaseUrl } = server;
    await server.stop();
    const database = await openDatabase({ dataDir, databaseUrl });
    await database.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(apiTokens.id, json.id));
    await database.close();
    server = await startServerProcess({ dataDir, env: { AUTH_MODE: "accounts", SIGNUP: "open" } });
    expect(await surfaces(server.url, json.token)).toEqual(refusedEverywhere);
    // The session from before the restart still works: only the token expired.
    expect((await asUser(server.url, { cookie }, "/api/me")).status).toBe(200);
  });
});

describe("API tokens (AUTH_MODE=access-code)", () => {
  const CODE = "correct horse battery staple";
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ env: { AUTH_MODE: "access-code", ACCESS_CODE: CODE } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("the operator mints tokens with the code (as bearer or signed in), and the code still works as a bearer", async () => {
    const byCode = await asUser(server.url, { token: CODE }, "/api/tokens", {
      method: "POST",
      json: { name: "ci", scope: "write" },
    });
    expect(byCode.status).toBe(201);
    expect(await surfaces(server.url, byCode.json.token)).toEqual(admittedEverywhere);
    expect(
      (
        await asUser(server.url, { token: byCode.json.token }, "/api/runs", {
          method: "POST",
          json: startRun,
        })
      ).status,
    ).toBe(200);
    const { rawRequest } = await import("./support/raw-http");
    const signIn = await rawRequest(server.url, {
      method: "POST",
      path: "/auth/validate",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: CODE }),
    });
    const cookie = (signIn.headers["set-cookie"]?.[0] ?? "").split(";")[0];
    const bySession = await asUser(server.url, { cookie }, "/api/tokens", {
      method: "POST",
      json: { name: "browser-made", scope: "read" },
    });
    expect(bySession.status).toBe(201);
    const listed = await asUser(server.url, { cookie }, "/api/tokens");
    expect(
      (listed.json.tokens as Array<{ name: string }>).map((token) => token.name).sort(),
    ).toEqual(["browser-made", "ci"]);
    await asUser(server.url, { cookie }, `/api/tokens/${byCode.json.id}`, { method: "DELETE" });
    expect(await surfaces(server.url, byCode.json.token)).toEqual(refusedEverywhere);
    expect((await asUser(server.url, { token: CODE }, "/api/me")).status).toBe(200);
    // Signing up is not a thing in this mode.
    expect(
      (await signUpAs(server.url, { username: "ada", password: "ada-password-1" })).status,
    ).toBe(404);
  });
});

describe("API tokens (AUTH_MODE=none)", () => {
  it("are not used: nothing asks for sign-in", async () => {
    const server = await startServerProcess();
    try {
      expect((await asUser(server.url, {}, "/api/tokens")).status).toBe(404);
      const me = await asUser(server.url, {}, "/api/me");
      expect(me.json).toEqual({
        user: { id: "local", username: "local", role: "admin", signed_in: false },
        auth_mode: "none",
      });
    } finally {
      await server.stop();
    }
  });
});
