import { describe, expect, it } from "vitest";
import { DEFAULT_COST, hashPassword, verifyDecoy, verifyPassword } from "./password";

// Low cost keeps these fast; the format and the checks are the same at any cost.
const cheap = { N: 2 ** 10, r: 8, p: 1 };

describe("password hashing (scrypt)", () => {
  it("defaults to a memory-hard cost: 128 MiB per hash", () => {
    expect(128 * DEFAULT_COST.N * DEFAULT_COST.r).toBeGreaterThanOrEqual(128 * 1024 * 1024);
  });

  it("verifies the right password and refuses a wrong one; each hash has its own salt", async () => {
    const first = await hashPassword("correct horse battery", cheap);
    const second = await hashPassword("correct horse battery", cheap);
    expect(first).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", first)).toBe(true);
    expect(await verifyPassword("correct horse batterY", first)).toBe(false);
    expect(await verifyPassword("", first)).toBe(false);
  });

  it("a tampered or malformed stored hash matches nothing, and cannot ask for huge memory", async () => {
    const stored = await hashPassword("pw-1234567890", cheap);
    const parts = stored.split("$");
    const withKey = (key: string) => [...parts.slice(0, 5), key].join("$");
    expect(
      await verifyPassword("pw-1234567890", withKey(Buffer.alloc(32).toString("base64url"))),
    ).toBe(false);
    expect(await verifyPassword("pw-1234567890", "plain-text")).toBe(false);
    expect(await verifyPassword("pw-1234567890", stored.replace("$1024$", "$1000$"))).toBe(false);
    expect(await verifyPassword("pw-1234567890", stored.replace("$1024$", `$${2 ** 24}$`))).toBe(
      false,
    );
    // The default-cost decoy runs and never matches.
    expect(await verifyDecoy("anything")).toBe(false);
  });

  it("treats composed and decomposed Unicode as the same password", async () => {
    const stored = await hashPassword("caf\u00e9-password", cheap);
    expect(await verifyPassword("cafe\u0301-password", stored)).toBe(true);
  });
});
