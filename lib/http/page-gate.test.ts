import type { IncomingMessage } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import type { AccessGuard } from "../auth/guard";
import { testGuard } from "../auth/test-guard";
import { freshTestDatabase } from "../db/test-database";
import { loginRedirect, safeNextPath } from "./page-gate";

let guarded: AccessGuard;
let sessionCookie: string;
const open = testGuard({ AUTH_MODE: "none", ACCESS_CODE: undefined });

beforeAll(async () => {
  guarded = testGuard(
    { AUTH_MODE: "access-code", ACCESS_CODE: "letmein" },
    { db: (await freshTestDatabase()).db },
  );
  const { session } = await guarded.signIn("letmein", { clientAddress: "10.0.0.1" });
  sessionCookie = `cartograph_session=${session?.id}`;
});

const request = (url: string, headers: Record<string, string> = {}, method = "GET") =>
  ({ url, method, headers: { accept: "text/html", ...headers } }) as unknown as IncomingMessage;

describe("the sign-in gate for pages", () => {
  it("sends a page asked for without a session to /login, telling it where to return", async () => {
    expect(await loginRedirect(guarded, request("/repos/x/wiki?page=a"))).toBe(
      `/login?next=${encodeURIComponent("/repos/x/wiki?page=a")}`,
    );
    expect(
      await loginRedirect(guarded, request("/", { cookie: "cartograph_access=letmein" })),
    ).toBe("/login?next=%2F");
  });

  it("lets through a session, the code as bearer, APIs, assets, the form, and all when open", async () => {
    expect(await loginRedirect(guarded, request("/", { cookie: sessionCookie }))).toBeNull();
    expect(
      await loginRedirect(guarded, request("/", { authorization: "Bearer letmein" })),
    ).toBeNull();
    for (const path of ["/api/history", "/_next/static/x.js", "/login", "/health", "/favicon.svg"])
      expect(await loginRedirect(guarded, request(path))).toBeNull();
    expect(await loginRedirect(guarded, request("/", { accept: "application/json" }))).toBeNull();
    expect(await loginRedirect(guarded, request("/", {}, "POST"))).toBeNull();
    expect(await loginRedirect(open, request("/"))).toBeNull();
  });

  it("returns only to a path on this site", () => {
    expect(safeNextPath("/research?status=completed")).toBe("/research?status=completed");
    for (const next of ["//evil.example", "/\\evil.example", "https://evil.example", "", null])
      expect(safeNextPath(next)).toBe("/");
  });
});
