import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, logInAs, signUpAs } from "./support/accounts";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// AUTH_MODE=accounts with SIGNUP unset: open for the first account, then by invite.
let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ env: { AUTH_MODE: "accounts" } });
});
afterAll(async () => {
  await server?.stop();
});

const ADMIN = { username: "Ada", password: "ada-password-1" };
const MEMBER = { username: "bob", password: "bob-password-1" };
let adminCookie = "";
let memberCookie = "";

describe("accounts: sign-up, sign-in, sign-out", () => {
  it("the first account signs up without an invite and is an admin; /api/me says who", async () => {
    expect((await asUser(server.url, {}, "/auth/mode")).json).toEqual({
      mode: "accounts",
      signup: "open",
    });
    const reply = await signUpAs(server.url, ADMIN);
    expect(reply.status).toBe(201);
    expect(reply.json).toEqual({
      user: { id: expect.any(String), username: "Ada", role: "admin" },
    });
    expect(reply.cookie).toMatch(/^cartograph_session=[A-Za-z0-9_-]{43}$/);
    adminCookie = reply.cookie;
    const me = await asUser(server.url, { cookie: adminCookie }, "/api/me");
    expect(me.json.user).toMatchObject({ username: "Ada", role: "admin", signed_in: true });
    expect((await asUser(server.url, {}, "/api/me")).status).toBe(401);
  });

  it("after the first account, sign-up needs an invite; an invite works once", async () => {
    expect((await asUser(server.url, {}, "/auth/mode")).json.signup).toBe("invite");
    expect((await signUpAs(server.url, MEMBER)).status).toBe(403);
    expect((await signUpAs(server.url, { ...MEMBER, invite: "made-up-code" })).status).toBe(403);
    const invite = await asUser(server.url, { cookie: adminCookie }, "/api/admin/invites", {
      method: "POST",
      json: { expires_in_days: 2 },
    });
    expect(invite.status).toBe(201);
    expect(invite.json.url).toBe(`${server.url}/signup?invite=${invite.json.code}`);
    const joined = await signUpAs(server.url, { ...MEMBER, invite: invite.json.code });
    expect(joined.status).toBe(201);
    expect(joined.json).toMatchObject({ user: { username: "bob", role: "member" } });
    memberCookie = joined.cookie;
    const again = await signUpAs(server.url, {
      username: "carol",
      password: "carol-password",
      invite: invite.json.code,
    });
    expect(again.status).toBe(403);
    const listed = await asUser(server.url, { cookie: adminCookie }, "/api/admin/invites");
    expect(listed.json.invites[0].used_at).not.toBeNull();
  });

  it("signs in by name in any case (200 + cookie); a wrong password is 401; a name is taken in any case", async () => {
    const ok = await logInAs(server.url, { username: "ADA", password: ADMIN.password });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ user: { username: "Ada", role: "admin" } });
    expect((await asUser(server.url, { cookie: ok.cookie }, "/api/history")).status).toBe(200);
    const wrong = await logInAs(server.url, { username: "Ada", password: "not-the-password" });
    expect(wrong.status).toBe(401);
    expect(wrong.cookie).toBe("");
    expect((await logInAs(server.url, { username: "nobody", password: "whatever-1" })).status).toBe(
      401,
    );
  });

  it("logout revokes the session on the server", async () => {
    const { cookie } = await logInAs(server.url, ADMIN);
    expect((await asUser(server.url, { cookie }, "/api/me")).status).toBe(200);
    expect((await asUser(server.url, { cookie }, "/auth/logout", { method: "POST" })).status).toBe(
      200,
    );
    expect((await asUser(server.url, { cookie }, "/api/me")).status).toBe(401);
  });

  it("a page asked for without a session goes to sign-in; /signup stays open", async () => {
    const { rawRequest } = await import("./support/raw-http");
    const page = await rawRequest(server.url, { path: "/repos", headers: { accept: "text/html" } });
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe("/login?next=%2Frepos");
    const signup = await rawRequest(server.url, {
      path: "/signup",
      headers: { accept: "text/html" },
    });
    expect(signup.status).toBe(200);
  });
});

describe("accounts: the account page's operations", () => {
  it("lists sessions with this one marked, and revokes another at once", async () => {
    const other = await logInAs(server.url, MEMBER, { "user-agent": "second-browser/1.0" });
    const listed = await asUser(server.url, { cookie: memberCookie }, "/api/account/sessions");
    expect(listed.status).toBe(200);
    const sessions = listed.json.sessions as Array<{
      id: string;
      current: boolean;
      user_agent: string | null;
      client_address: string | null;
    }>;
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    const second = sessions.find((session) => session.user_agent === "second-browser/1.0");
    expect(second?.client_address).toBeTruthy();
    expect((await asUser(server.url, { cookie: other.cookie }, "/api/me")).status).toBe(200);
    // Another user cannot revoke it (404), its owner can.
    const path = `/api/account/sessions/${second?.id}`;
    expect(
      (await asUser(server.url, { cookie: adminCookie }, path, { method: "DELETE" })).status,
    ).toBe(404);
    expect(
      (await asUser(server.url, { cookie: memberCookie }, path, { method: "DELETE" })).status,
    ).toBe(200);
    expect((await asUser(server.url, { cookie: other.cookie }, "/api/me")).status).toBe(401);
  });

  it("a password change needs the current one and ends the other sessions; this browser gets a new cookie", async () => {
    const other = await logInAs(server.url, MEMBER);
    const refused = await asUser(server.url, { cookie: memberCookie }, "/api/account/password", {
      method: "POST",
      json: { current_password: "wrong-password", new_password: "bob-password-2" },
    });
    expect(refused.status).toBe(403);
    const changed = await asUser(server.url, { cookie: memberCookie }, "/api/account/password", {
      method: "POST",
      json: { current_password: MEMBER.password, new_password: "bob-password-2" },
    });
    expect(changed.status).toBe(200);
    expect(changed.cookie).toMatch(/^cartograph_session=/);
    expect((await asUser(server.url, { cookie: other.cookie }, "/api/me")).status).toBe(401);
    expect((await asUser(server.url, { cookie: memberCookie }, "/api/me")).status).toBe(401);
    memberCookie = changed.cookie ?? "";
    expect((await asUser(server.url, { cookie: memberCookie }, "/api/me")).status).toBe(200);
    expect((await logInAs(server.url, MEMBER)).status).toBe(401);
    MEMBER.password = "bob-password-2";
    expect((await logInAs(server.url, MEMBER)).status).toBe(200);
  });
});

describe("accounts: admins", () => {
  const provider = { base_url: "http://127.0.0.1:9/v1", models: ["m"] };

  it("a member cannot change providers or settings (403), nor manage users; an admin can", async () => {
    const member = { cookie: memberCookie };
    const put = (credential: { cookie: string }) =>
      asUser(server.url, credential, "/api/settings/providers/team", {
        method: "PUT",
        json: provider,
      });
    expect((await put(member)).status).toBe(403);
    expect(
      (
        await asUser(server.url, member, "/api/settings", {
          method: "PUT",
          json: { chat_model: "x" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await asUser(server.url, member, "/api/settings/providers/team/test", {
          method: "POST",
          json: {},
        })
      ).status,
    ).toBe(403);
    expect((await asUser(server.url, member, "/api/settings")).status).toBe(200);
    expect((await asUser(server.url, member, "/api/admin/users")).status).toBe(403);
    expect(
      (await asUser(server.url, member, "/api/admin/invites", { method: "POST", json: {} })).status,
    ).toBe(403);
    expect((await put({ cookie: adminCookie })).status).toBe(200);
    expect(
      (await asUser(server.url, member, "/api/settings/providers/team", { method: "DELETE" }))
        .status,
    ).toBe(403);
  });

  it("changes roles, keeps one admin, and disabling ends the user's sessions and tokens at once", async () => {
    const users = await asUser(server.url, { cookie: adminCookie }, "/api/admin/users");
    const bob = (users.json.users as Array<{ id: string; username: string }>).find(
      (user) => user.username === "bob",
    );
    const admin = (users.json.users as Array<{ id: string; username: string }>).find(
      (user) => user.username === "Ada",
    );
    const path = `/api/admin/users/${bob?.id}`;
    const promoted = await asUser(server.url, { cookie: adminCookie }, path, {
      method: "PATCH",
      json: { role: "admin" },
    });
    expect(promoted.json.user).toMatchObject({ role: "admin", disabled: false });
    expect((await asUser(server.url, { cookie: memberCookie }, "/api/me")).json.user.role).toBe(
      "admin",
    );
    await asUser(server.url, { cookie: adminCookie }, path, {
      method: "PATCH",
      json: { role: "member" },
    });
    expect(
      (
        await asUser(server.url, { cookie: adminCookie }, `/api/admin/users/${admin?.id}`, {
          method: "PATCH",
          json: { disabled: true },
        })
      ).status,
    ).toBe(409);
    const token = await asUser(server.url, { cookie: memberCookie }, "/api/tokens", {
      method: "POST",
      json: { name: "script", scope: "write" },
    });
    expect((await asUser(server.url, { token: token.json.token }, "/api/me")).status).toBe(200);
    const disabled = await asUser(server.url, { cookie: adminCookie }, path, {
      method: "PATCH",
      json: { disabled: true },
    });
    expect(disabled.json.user.disabled).toBe(true);
    expect((await asUser(server.url, { cookie: memberCookie }, "/api/me")).status).toBe(401);
    expect((await asUser(server.url, { token: token.json.token }, "/api/me")).status).toBe(401);
    expect((await logInAs(server.url, MEMBER)).status).toBe(401);
    await asUser(server.url, { cookie: adminCookie }, path, {
      method: "PATCH",
      json: { disabled: false },
    });
    expect((await logInAs(server.url, MEMBER)).status).toBe(200);
  });
});

describe("accounts: sign-in limits", () => {
  it("too many wrong passwords for a name is 429 with Retry-After, even from other addresses", async () => {
    const target = { username: "Ada", password: "wrong-password" };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      // A different source address each time: the limit per username still applies.
      const { rawRequest } = await import("./support/raw-http");
      const response = await rawRequest(server.url, {
        method: "POST",
        path: "/auth/login",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(target),
        localAddress: `127.0.9.${attempt + 1}`,
      });
      statuses.push(response.status);
      if (response.status === 429)
        expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe("SIGNUP=closed", () => {
  it("refuses every sign-up with 403", async () => {
    const closed = await startServerProcess({ env: { AUTH_MODE: "accounts", SIGNUP: "closed" } });
    try {
      expect((await asUser(closed.url, {}, "/auth/mode")).json).toEqual({
        mode: "accounts",
        signup: "closed",
      });
      const reply = await signUpAs(closed.url, ADMIN);
      expect(reply.status).toBe(403);
      expect(reply.cookie).toBe("");
    } finally {
      await closed.stop();
    }
  });
});
