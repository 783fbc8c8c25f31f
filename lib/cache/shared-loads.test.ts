import { describe, expect, it } from "vitest";
import { SharedLoads } from "./shared-loads";

describe("SharedLoads", () => {
  it("starts one load per key for callers that ask together, and a new one after it settles", async () => {
    const loads = new SharedLoads<string>();
    const started: string[] = [];
    const start = (key: string) => async () => {
      started.push(key);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return `${key} loaded`;
    };
    const together = await Promise.all([
      ...Array.from({ length: 20 }, () => loads.load("a", start("a"))),
      loads.load("b", start("b")),
    ]);
    expect(together.filter((value) => value === "a loaded")).toHaveLength(20);
    expect(started).toEqual(["a", "b"]);
    await loads.load("a", start("a"));
    expect(started).toEqual(["a", "b", "a"]);
  });

  it("shares a failure with those who waited for it, and tries again afterwards", async () => {
    const loads = new SharedLoads<number>();
    let attempts = 0;
    const start = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("busy");
      return attempts;
    };
    const first = [loads.load("k", start), loads.load("k", start)];
    await expect(Promise.all(first)).rejects.toThrow("busy");
    expect(attempts).toBe(1);
    expect(await loads.load("k", start)).toBe(2);
  });
});
