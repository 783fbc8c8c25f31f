import { describe, expect, it } from "vitest";
import { clampRange, formatLineHash, parseLineHash, selectLine } from "./line-range";

describe("line hashes", () => {
  it("reads a single line and a range", () => {
    expect(parseLineHash("#L10")).toEqual({ start: 10, end: 10 });
    expect(parseLineHash("#L10-L20")).toEqual({ start: 10, end: 20 });
    expect(parseLineHash("L3-7")).toEqual({ start: 3, end: 7 });
  });

  it("orders a reversed range and rejects what is not a line reference", () => {
    expect(parseLineHash("#L20-L10")).toEqual({ start: 10, end: 20 });
    for (const hash of ["", "#", "#L0", "#Lx", "#section", "#L1-", "#L5-L0"]) {
      expect(parseLineHash(hash)).toBeNull();
    }
  });

  it("writes the shortest form back", () => {
    expect(formatLineHash({ start: 4, end: 4 })).toBe("#L4");
    expect(formatLineHash({ start: 4, end: 9 })).toBe("#L4-L9");
    expect(formatLineHash(null)).toBe("");
    expect(parseLineHash(formatLineHash({ start: 12, end: 30 }))).toEqual({ start: 12, end: 30 });
  });

  it("keeps a range inside the file", () => {
    expect(clampRange({ start: 8, end: 99 }, 20)).toEqual({ start: 8, end: 20 });
    expect(clampRange({ start: 21, end: 30 }, 20)).toBeNull();
  });
});

describe("selecting lines by their numbers", () => {
  it("selects one line on a plain click, whatever was selected", () => {
    expect(selectLine({ start: 2, end: 8 }, 5, false)).toEqual({ start: 5, end: 5 });
  });

  it("extends the selection on a shift-click, in either direction", () => {
    expect(selectLine({ start: 10, end: 10 }, 15, true)).toEqual({ start: 10, end: 15 });
    expect(selectLine({ start: 10, end: 15 }, 4, true)).toEqual({ start: 4, end: 15 });
    expect(selectLine({ start: 10, end: 15 }, 12, true)).toEqual({ start: 10, end: 12 });
    expect(selectLine(null, 7, true)).toEqual({ start: 7, end: 7 });
  });
});
