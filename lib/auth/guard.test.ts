import { describe, expect, it } from "vitest";
import { AccessGuard, LOCAL_USER_ID } from "./guard";

const headers =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

describe("AccessGuard", () => {
  it("lets everyone in as the local user when auth is off", () => {
    const guard = new AccessGuard({ AUTH_MODE: "none", ACCESS_CODE: undefined });
    expect(guard.authenticate(headers({}))).toEqual({ userId: LOCAL_USER_ID });
    expect(guard.authRequired).toBe(false);
  });

  it("accepts the access code as a bearer token or cookie, and nothing else", () => {
    const guard = new AccessGuard({ AUTH_MODE: "access-code", ACCESS_CODE: "open sesame" });
    expect(guard.authenticate(headers({ authorization: "Bearer open sesame" })).userId).toBe(
      LOCAL_USER_ID,
    );
    expect(
      guard.authenticate(headers({ cookie: "theme=dark; cartograph_access=open%20sesame" })).userId,
    ).toBe(LOCAL_USER_ID);
    expect(() => guard.authenticate(headers({}))).toThrow("Authentication required");
    expect(() => guard.authenticate(headers({ authorization: "Bearer open" }))).toThrow(
      expect.objectContaining({ status: 401 }),
    );
    expect(guard.validateAccessCode("open sesame")).toBe(true);
    expect(guard.validateAccessCode("nope")).toBe(false);
  });

  it("hides other users' runs as not found", () => {
    const guard = new AccessGuard({ AUTH_MODE: "none", ACCESS_CODE: undefined });
    expect(() => guard.assertCanAccessRun({ userId: "a" }, { userId: "b" })).toThrow(
      expect.objectContaining({ status: 404, message: "Run not found" }),
    );
    expect(() => guard.assertCanAccessRun({ userId: "a" }, { userId: "a" })).not.toThrow();
  });
});
