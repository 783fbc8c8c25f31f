import { describe, expect, it } from "vitest";
import { findUnstorableString, isStorable } from "./storable";

describe("storable text", () => {
  it("refuses NUL and unpaired surrogates, keeps every other character", () => {
    expect(isStorable("plain, ünïcödé, 日本語, emoji 🗺️")).toBe(true);
    for (const bad of ["a\u0000b", "\ud800", "x\udc00", "\ud83d", "\udfff\ud800"])
      expect(isStorable(bad), JSON.stringify(bad)).toBe(false);
  });

  it("finds the first bad string in nested input, keys included", () => {
    expect(findUnstorableString({ a: [1, "ok", { b: "x\u0000" }] })).toBe("a.2.b");
    expect(findUnstorableString({ "k\u0000": 1 })).toBe("(key)");
    expect(findUnstorableString("\ud800")).toBe("value");
    expect(findUnstorableString({ a: ["fine"], b: null, c: 3 })).toBeNull();
  });
});
