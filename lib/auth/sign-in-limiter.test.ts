import { describe, expect, it } from "vitest";
import { SignInLimiter } from "./sign-in-limiter";

function clock() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

describe("SignInLimiter", () => {
  it("locks a client out after its failures, with Retry-After, and a growing lockout", async () => {
    const time = clock();
    const limiter = new SignInLimiter({ perClient: 3, windowMs: 60_000, ...time });
    for (let attempt = 0; attempt < 3; attempt++)
      expect(await limiter.attempt("a", () => false)).toBe(false);
    await expect(limiter.attempt("a", () => true)).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 60,
    });
    time.advance(61_000);
    for (let attempt = 0; attempt < 3; attempt++) await limiter.attempt("a", () => false);
    await expect(limiter.attempt("a", () => true)).rejects.toMatchObject({
      retryAfterSeconds: 120,
    });
  });

  it("lets another client in, and a success clears the client's count", async () => {
    const time = clock();
    const limiter = new SignInLimiter({ perClient: 3, ...time });
    await limiter.attempt("a", () => false);
    await limiter.attempt("a", () => false);
    expect(await limiter.attempt("a", () => true)).toBe(true);
    await limiter.attempt("a", () => false);
    await limiter.attempt("a", () => false);
    expect(await limiter.attempt("a", () => true)).toBe(true);
    for (let attempt = 0; attempt < 3; attempt++) await limiter.attempt("b", () => false);
    expect(await limiter.attempt("c", () => true)).toBe(true);
  });

  it("answers later failures more slowly", async () => {
    const time = clock();
    const limiter = new SignInLimiter({ perClient: 10, ...time });
    for (let attempt = 0; attempt < 6; attempt++) await limiter.attempt("a", () => false);
    expect(time.slept).toEqual([100, 200, 400]);
  });

  it("counts attempts in flight, so a burst cannot pass the limit together", async () => {
    const limiter = new SignInLimiter({ perClient: 3, sleep: async () => {} });
    let release: (value: boolean) => void = () => {};
    const slow = () => new Promise<boolean>((resolve) => (release = resolve));
    const burst = Array.from({ length: 10 }, () =>
      limiter.attempt("a", slow).catch((error) => error),
    );
    const settled = await Promise.all(burst.slice(3));
    expect(settled.every((outcome) => outcome?.status === 429)).toBe(true);
    release(false);
  });

  it("under a distributed attack spaces sign-ins out across the server, except for clients who proved the code", async () => {
    const time = clock();
    const limiter = new SignInLimiter({ perClient: 5, global: 4, globalSpacingMs: 1_000, ...time });
    expect(await limiter.attempt("friend", () => true)).toBe(true);
    for (const client of ["x1", "x2", "x3", "x4"]) await limiter.attempt(client, () => false);
    const before = time.slept.length;
    await limiter.attempt("x5", () => false);
    await limiter.attempt("x6", () => false);
    expect(time.slept.slice(before).some((ms) => ms >= 1_000)).toBe(true);
    const waited = time.slept.length;
    expect(await limiter.attempt("friend", () => true)).toBe(true);
    expect(time.slept.length).toBe(waited);
  });
});
