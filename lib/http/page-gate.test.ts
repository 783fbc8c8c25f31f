import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { AccessGuard } from "../auth/guard";
import { loginRedirect, safeNextPath } from "./page-gate";

const guarded = new AccessGuard({ AUTH_MODE: "access-code", ACCESS_CODE: "letmein" });
const open = new AccessGuard({ AUTH_MODE: "none", ACCESS_CODE: undefined });

const request = (url: string, headers: Record<string, string> = {}, method = "GET") =>
  ({ url, method, headers: { accept: "text/html", ...headers } }) as unknown as IncomingMessage;

describe("the sign-in gate for pages", () => {
  it("sends a page asked for without the code to /login, telling it where to return", () => {
    expect(loginRedirect(guarded, request("/repos/x/wiki?page=a"))).toBe(
      `/login?next=${encodeURIComponent("/repos/x/wiki?page=a")}`,
    );
  });

  it("lets through the code, APIs, assets, the form itself, and every request when open", () => {
    expect(
      loginRedirect(guarded, request("/", { cookie: "cartograph_access=letmein" })),
    ).toBeNull();
    expect(loginRedirect(guarded, request("/", { authorization: "Bearer letmein" }))).toBeNull();
    for (const path of ["/api/history", "/_next/static/x.js", "/login", "/health", "/icon.svg"])
      expect(loginRedirect(guarded, request(path))).toBeNull();
    expect(loginRedirect(guarded, request("/", { accept: "application/json" }))).toBeNull();
    expect(loginRedirect(guarded, request("/", {}, "POST"))).toBeNull();
    expect(loginRedirect(open, request("/"))).toBeNull();
  });

  it("returns only to a path on this site", () => {
    expect(safeNextPath("/research?status=completed")).toBe("/research?status=completed");
    for (const next of ["//evil.example", "/\\evil.example", "https://evil.example", "", null])
      expect(safeNextPath(next)).toBe("/");
  });
});
