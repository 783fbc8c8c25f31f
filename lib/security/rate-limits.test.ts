import { describe, expect, it } from "vitest";
import { RateLimits, TokenBuckets } from "./rate-limits";

describe("TokenBuckets", () => {
  it("allows the capacity at once, then refills evenly, per key", () => {
    const buckets = new TokenBuckets(3, 3_000);
    expect([0, 1, 2].map(() => buckets.take("a", 0))).toEqual([0, 0, 0]);
    expect(buckets.take("a", 0)).toBeCloseTo(1);
    expect(buckets.take("b", 0)).toBe(0);
    expect(buckets.take("a", 1_000)).toBe(0);
  });

  it("forgets the least recently used keys first, never the active ones", () => {
    const buckets = new TokenBuckets(1, 60_000, 2);
    buckets.take("busy", 0);
    buckets.take("idle", 0);
    buckets.take("busy", 1);
    buckets.take("new", 2);
    // "busy" is still spent; "idle" was forgotten (a fresh full bucket).
    expect(buckets.take("busy", 3)).toBeGreaterThan(0);
    expect(buckets.take("idle", 3)).toBe(0);
  });
});

describe("RateLimits", () => {
  it("refuses past the budget with rate_limited and a Retry-After", () => {
    const limits = new RateLimits();
    for (let request = 0; request < 60; request++) limits.take("chat", "session:a");
    expect(() => limits.take("chat", "session:a")).toThrow(
      expect.objectContaining({ status: 429, code: "rate_limited:chat", retryAfterSeconds: 1 }),
    );
    expect(() => limits.take("chat", "session:b")).not.toThrow();
    expect(() => limits.take("run", "session:a")).not.toThrow();
  });
});
