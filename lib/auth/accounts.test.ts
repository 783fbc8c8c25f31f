import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { apiTokens } from "../db/schema";
import { freshTestDatabase } from "../db/test-database";
import { signupPolicy } from "./accounts";
import { createInvite } from "./invites";
import { testAuth } from "./test-guard";

const client = { clientAddress: "10.0.0.1" };
const request = (values: Record<string, string>) => ({
  header: (name: string) => values[name],
  clientAddress: "10.0.0.5",
});

let db: Database;
beforeEach(async () => {
  db = (await freshTestDatabase()).db;
});

describe("sign-up policy", () => {
  it("is open for the first account, then by invite unless SIGNUP says otherwise", () => {
    expect(signupPolicy(undefined, false)).toBe("open");
    expect(signupPolicy(undefined, true)).toBe("invite");
    expect(signupPolicy("open", true)).toBe("open");
    expect(signupPolicy("invite", false)).toBe("open");
    expect(signupPolicy("closed", false)).toBe("closed");
  });
});

describe("accounts", () => {
  it("the first account is an admin; names are unique without regard to case; others need a one-time invite", async () => {
    const { accounts } = testAuth({ AUTH_MODE: "accounts", ACCESS_CODE: undefined }, { db });
    const first = await accounts.signUp({ username: "Ada", password: "first-password" }, client);
    expect(first.user).toMatchObject({ username: "Ada", role: "admin" });
    await expect(
      accounts.signUp({ username: "bob", password: "second-password" }, client),
    ).rejects.toMatchObject({ status: 403 });
    const invite = await createInvite(db, { createdBy: first.user.id, expiresInDays: 1 });
    await expect(
      accounts.signUp(
        { username: "ADA", password: "second-password", invite: invite.code },
        client,
      ),
    ).rejects.toMatchObject({ status: 409 });
    const second = await accounts.signUp(
      { username: "bob", password: "second-password", invite: invite.code },
      client,
    );
    expect(second.user.role).toBe("member");
    await expect(
      accounts.signUp(
        { username: "carol", password: "third-password", invite: invite.code },
        client,
      ),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("signs in by name in any case; a wrong password is 401; a new password ends the old sessions", async () => {
    const { guard, accounts } = testAuth({ AUTH_MODE: "accounts", ACCESS_CODE: undefined }, { db });
    const { session: first } = await accounts.signUp(
      { username: "ada", password: "first-password" },
      client,
    );
    const { session: second, user } = await accounts.signIn(
      { username: "ADA", password: "first-password" },
      client,
    );
    await expect(
      accounts.signIn({ username: "ada", password: "wrong-password" }, client),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      accounts.signIn({ username: "nobody", password: "first-password" }, client),
    ).rejects.toMatchObject({ status: 401 });
    const asSecond = await guard.authenticate(
      request({ cookie: `cartograph_session=${second.id}` }),
    );
    expect(asSecond).toMatchObject({
      userId: user.id,
      role: "admin",
      via: "session",
      username: "ada",
    });
    const fresh = await accounts.changePassword(
      asSecond,
      { current: "first-password", next: "second-password" },
      client,
    );
    for (const old of [first, second]) {
      await expect(
        guard.authenticate(request({ cookie: `cartograph_session=${old.id}` })),
      ).rejects.toMatchObject({ status: 401 });
    }
    expect(
      (await guard.authenticate(request({ cookie: `cartograph_session=${fresh.id}` }))).userId,
    ).toBe(user.id);
    await expect(
      accounts.signIn({ username: "ada", password: "first-password" }, client),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("tokens: read scope in the principal; revoked, expired and disabled-owner tokens are refused at once", async () => {
    const { guard, accounts } = testAuth(
      { AUTH_MODE: "accounts", ACCESS_CODE: undefined, SIGNUP: "open" },
      { db },
    );
    const admin = await accounts.signUp({ username: "ada", password: "first-password" }, client);
    const member = await accounts.signUp({ username: "bob", password: "second-password" }, client);
    const read = await accounts.tokens.create({
      userId: member.user.id,
      name: "ci",
      scope: "read",
    });
    const bearer = (token: string) => request({ authorization: `Bearer ${token}` });
    expect(await guard.authenticate(bearer(read.token))).toMatchObject({
      userId: member.user.id,
      role: "member",
      scope: "read",
      via: "token",
      tokenId: read.id,
    });
    const expiring = await accounts.tokens.create({
      userId: member.user.id,
      name: "soon",
      scope: "write",
      expiresInDays: 1,
    });
    expect((await guard.authenticate(bearer(expiring.token))).scope).toBe("write");
    await db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, expiring.id));
    await expect(guard.authenticate(bearer(expiring.token))).rejects.toMatchObject({ status: 401 });
    expect(await accounts.tokens.revoke(admin.user.id, read.id)).toBe(false); // not the admin's token
    expect(await accounts.tokens.revoke(member.user.id, read.id)).toBe(true);
    await expect(guard.authenticate(bearer(read.token))).rejects.toMatchObject({ status: 401 });
    const other = await accounts.tokens.create({
      userId: member.user.id,
      name: "other",
      scope: "write",
    });
    const adminPrincipal = await guard.authenticate(
      request({ cookie: `cartograph_session=${admin.session.id}` }),
    );
    await accounts.updateUser(adminPrincipal, member.user.id, { disabled: true });
    await expect(guard.authenticate(bearer(other.token))).rejects.toMatchObject({ status: 401 });
    await expect(
      guard.authenticate(request({ cookie: `cartograph_session=${member.session.id}` })),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      accounts.updateUser(adminPrincipal, admin.user.id, { role: "member" }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("access-code mode: the operator's tokens work, an account's token does not", async () => {
    const { guard, accounts } = testAuth(
      { AUTH_MODE: "access-code", ACCESS_CODE: "open sesame" },
      { db },
    );
    const mine = await accounts.tokens.create({ userId: "local", name: "script", scope: "write" });
    expect(
      await guard.authenticate(request({ authorization: `Bearer ${mine.token}` })),
    ).toMatchObject({
      userId: "local",
      role: "admin",
      via: "token",
    });
    const theirs = await accounts.tokens.create({ userId: "other", name: "x", scope: "write" });
    await expect(
      guard.authenticate(request({ authorization: `Bearer ${theirs.token}` })),
    ).rejects.toMatchObject({ status: 401 });
  });
});
