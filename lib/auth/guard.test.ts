import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { freshTestDatabase } from "../db/test-database";
import { LOCAL_USER_ID } from "./guard";
import { testGuard } from "./test-guard";

const request = (values: Record<string, string>, clientAddress = "10.0.0.1") => ({
  header: (name: string) => values[name],
  clientAddress,
});
const CODE = "open sesame";

let db: Database;
beforeEach(async () => {
  db = (await freshTestDatabase()).db;
});

describe("AccessGuard", () => {
  it("lets everyone in as the local user when auth is off, keyed by client address", async () => {
    const guard = testGuard({ AUTH_MODE: "none", ACCESS_CODE: undefined });
    expect(await guard.authenticate(request({}, "10.0.0.7"))).toEqual({
      userId: LOCAL_USER_ID,
      key: "address:10.0.0.7",
      role: "admin",
      scope: "write",
      via: "local",
      username: "local",
    });
    expect(guard.authRequired).toBe(false);
  });

  it("accepts the code as a bearer token and a session cookie, never the code as a cookie", async () => {
    const guard = testGuard({ AUTH_MODE: "access-code", ACCESS_CODE: CODE }, { db });
    expect((await guard.authenticate(request({ authorization: `Bearer ${CODE}` }))).userId).toBe(
      LOCAL_USER_ID,
    );
    await expect(
      guard.authenticate(request({ cookie: `cartograph_access=${encodeURIComponent(CODE)}` })),
    ).rejects.toMatchObject({ status: 401 });
    const signedIn = await guard.signIn(CODE, { clientAddress: "10.0.0.1" });
    expect(signedIn.ok).toBe(true);
    expect(signedIn.session?.id).not.toContain(CODE);
    const cookie = `theme=dark; cartograph_session=${signedIn.session?.id}`;
    const principal = await guard.authenticate(request({ cookie }));
    expect(principal.userId).toBe(LOCAL_USER_ID);
    expect(principal.key).toMatch(/^session:/);
    await expect(guard.authenticate(request({}))).rejects.toThrow("Authentication required");
    await expect(
      guard.authenticate(request({ authorization: "Bearer open" })),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("signing out revokes the session on the server", async () => {
    const guard = testGuard({ AUTH_MODE: "access-code", ACCESS_CODE: CODE }, { db });
    const { session } = await guard.signIn(CODE, { clientAddress: "10.0.0.1" });
    const cookie = `cartograph_session=${session?.id}`;
    await guard.authenticate(request({ cookie }));
    await guard.signOut((name) => (name === "cookie" ? cookie : undefined));
    await expect(guard.authenticate(request({ cookie }))).rejects.toMatchObject({ status: 401 });
  });

  it("a new access code ends every session made with the old one", async () => {
    const before = testGuard({ AUTH_MODE: "access-code", ACCESS_CODE: CODE }, { db });
    const { session } = await before.signIn(CODE, { clientAddress: "10.0.0.1" });
    const after = testGuard({ AUTH_MODE: "access-code", ACCESS_CODE: "a new code" }, { db });
    await expect(
      after.authenticate(request({ cookie: `cartograph_session=${session?.id}` })),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("treats malformed cookies as absent", async () => {
    const guard = testGuard({ AUTH_MODE: "access-code", ACCESS_CODE: CODE }, { db });
    for (const cookie of [
      "cartograph_session=%E0%A4%A",
      "cartograph_session=",
      "cartograph_session",
      "cartograph_session=x\u0000y",
      `cartograph_session=${"a".repeat(5000)}`,
      ";;;==;",
    ]) {
      await expect(guard.authenticate(request({ cookie }))).rejects.toMatchObject({ status: 401 });
    }
  });

  it("counts wrong bearer codes as failed sign-ins and locks the client out", async () => {
    const guard = testGuard(
      { AUTH_MODE: "access-code", ACCESS_CODE: CODE },
      { db, signIns: { perClient: 3 } },
    );
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(
        guard.authenticate(request({ authorization: "Bearer guess" })),
      ).rejects.toMatchObject({ status: 401 });
    }
    await expect(
      guard.authenticate(request({ authorization: `Bearer ${CODE}` })),
    ).rejects.toMatchObject({ status: 429 });
    // Another client with the right code is not affected.
    expect(
      (await guard.authenticate(request({ authorization: `Bearer ${CODE}` }, "10.0.0.2"))).userId,
    ).toBe(LOCAL_USER_ID);
  });

  it("opens DeepWiki's surface without credentials only under DEEPWIKI_CLIENT_AUTH=deepwiki with a code", async () => {
    const closed = testGuard({ AUTH_MODE: "access-code", ACCESS_CODE: CODE }, { db });
    await expect(closed.authenticateDeepWikiClient(request({}))).rejects.toMatchObject({
      status: 401,
    });
    const opened = testGuard(
      { AUTH_MODE: "access-code", ACCESS_CODE: CODE, DEEPWIKI_CLIENT_AUTH: "deepwiki" },
      { db },
    );
    expect(await opened.authenticateDeepWikiClient(request({}, "10.0.0.9"))).toMatchObject({
      userId: LOCAL_USER_ID,
      key: "deepwiki:10.0.0.9",
      role: "member",
    });
    // Credentials presented are checked, and the rest of the API is untouched.
    await expect(
      opened.authenticateDeepWikiClient(request({ authorization: "Bearer wrong" })),
    ).rejects.toMatchObject({ status: 401 });
    await expect(opened.authenticate(request({}))).rejects.toMatchObject({ status: 401 });
    const none = testGuard({
      AUTH_MODE: "none",
      ACCESS_CODE: undefined,
      DEEPWIKI_CLIENT_AUTH: "deepwiki",
    });
    expect((await none.authenticateDeepWikiClient(request({}, "10.0.0.2"))).key).toBe(
      "address:10.0.0.2",
    );
  });
});
