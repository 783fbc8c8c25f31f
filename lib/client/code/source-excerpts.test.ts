import { describe, expect, it, vi } from "vitest";
import { excerptOf, MAX_CACHED_FILES, RecentCache, readSourceFile } from "./source-excerpts";

describe("excerptOf", () => {
  const lines = ["a", "b", "c", "d", "e"];
  it("takes the range, at most max lines, and counts the rest", () => {
    expect(excerptOf(lines, { start: 2, end: 5 }, 2)).toEqual({
      first: 2,
      lines: ["b", "c"],
      more: 2,
    });
    expect(excerptOf(lines, { start: 4, end: 2 }, 10)).toEqual({
      first: 2,
      lines: ["b", "c", "d"],
      more: 0,
    });
  });
  it("keeps within the file", () => {
    expect(excerptOf(lines, { start: 4, end: 90 }, 10)).toEqual({
      first: 4,
      lines: ["d", "e"],
      more: 0,
    });
    expect(excerptOf(lines, { start: 9, end: 12 }, 10).lines).toEqual([]);
  });
});

describe("RecentCache", () => {
  it("forgets the least recently used entry beyond its limit", () => {
    const cache = new RecentCache<number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.get("a");
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.size).toBe(2);
  });
});

describe("readSourceFile", () => {
  const file = (path: string) => ({
    commit: "c1",
    path,
    language: "typescript",
    content: "x\ny\n",
  });

  it("reads a file once per commit and path", async () => {
    const read = vi.fn(async (_repo: string, path: string) => file(path));
    const first = await readSourceFile("r1", "src/once.ts", "c1", read);
    await readSourceFile("r1", "src/once.ts", "c1", read);
    await readSourceFile("r1", "src/once.ts", "c2", read);
    expect(first).toEqual({ path: "src/once.ts", language: "typescript", lines: ["x", "y"] });
    expect(read).toHaveBeenCalledTimes(2);
  });

  it("tries again after a failed read, and stays bounded", async () => {
    const failing = vi.fn(async () => {
      throw new Error("offline");
    });
    await expect(readSourceFile("r1", "src/fail.ts", "c1", failing)).rejects.toThrow("offline");
    const read = vi.fn(async (_repo: string, path: string) => file(path));
    await readSourceFile("r1", "src/fail.ts", "c1", read);
    expect(read).toHaveBeenCalledTimes(1);
    for (let n = 0; n <= MAX_CACHED_FILES; n++) await readSourceFile("r2", `f${n}.ts`, "c1", read);
    await readSourceFile("r2", "f0.ts", "c1", read);
    expect(read).toHaveBeenCalledTimes(MAX_CACHED_FILES + 3);
  });
});
