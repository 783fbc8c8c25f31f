import { describe, expect, it } from "vitest";
import { TtlValue } from "./ttl-value";

function counter() {
  let loads = 0;
  let release: (() => void)[] = [];
  return {
    get loads() {
      return loads;
    },
    /** Each load waits until `settle` is called, then answers its number. */
    load: () => {
      loads += 1;
      const number = loads;
      return new Promise<number>((resolve) => release.push(() => resolve(number)));
    },
    settle() {
      for (const done of release) done();
      release = [];
    },
  };
}

describe("TtlValue", () => {
  it("loads once for every caller that asks while it loads, and keeps the value its time", async () => {
    let now = 0;
    const source = counter();
    const value = new TtlValue(source.load, 1_000, () => now);
    const burst = Promise.all(Array.from({ length: 50 }, () => value.get()));
    source.settle();
    expect(await burst).toEqual(Array(50).fill(1));
    expect(source.loads).toBe(1);

    now = 1_000;
    expect(await value.get()).toBe(1);
    now = 1_001;
    const again = Promise.all([value.get(), value.get()]);
    source.settle();
    expect(await again).toEqual([2, 2]);
    expect(source.loads).toBe(2);
  });

  it("does not keep what a load read before the value was forgotten", async () => {
    const source = counter();
    const value = new TtlValue(source.load, 60_000);
    const before = value.get();
    value.forget();
    const after = value.get();
    source.settle();
    expect(await before).toBe(1);
    expect(await after).toBe(2);
    expect(await value.get()).toBe(2);
    expect(source.loads).toBe(2);
  });

  it("tries again after a load that failed", async () => {
    let fail = true;
    const value = new TtlValue(async () => {
      if (fail) throw new Error("database busy");
      return "loaded";
    }, 60_000);
    await expect(value.get()).rejects.toThrow("database busy");
    fail = false;
    expect(await value.get()).toBe("loaded");
  });
});
