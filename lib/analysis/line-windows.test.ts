import { describe, expect, it } from "vitest";
import { splitLines, trimBlankEdges, windowRanges } from "./line-windows";

const lines = (count: number, width = 10) =>
  Array.from({ length: count }, (_, i) => String(i + 1).padEnd(width, "."));

describe("line windows", () => {
  it("does not count the newline at the end of a file as a line", () => {
    expect(splitLines("a\nb\n")).toEqual(["a", "b"]);
    expect(splitLines("a\nb")).toEqual(["a", "b"]);
    expect(splitLines("a\n\n")).toEqual(["a", ""]);
  });

  it("overlaps windows and covers every line up to the last", () => {
    const windows = windowRanges(
      lines(200),
      { start: 1, end: 200 },
      { maxLines: 80, maxChars: 100_000, overlap: 15 },
    );
    expect(windows).toEqual([
      { start: 1, end: 80 },
      { start: 66, end: 145 },
      { start: 131, end: 200 },
    ]);
  });

  it("closes a window early at the character budget", () => {
    // 11 characters per line with the newline: 5 lines fit in 60.
    const windows = windowRanges(
      lines(12),
      { start: 1, end: 12 },
      { maxLines: 80, maxChars: 60, overlap: 2 },
    );
    expect(windows).toEqual([
      { start: 1, end: 5 },
      { start: 4, end: 8 },
      { start: 7, end: 11 },
      { start: 10, end: 12 },
    ]);
  });

  it("moves forward even when one line is over budget", () => {
    const text = ["x".repeat(500), "short", "x".repeat(500)];
    const windows = windowRanges(
      text,
      { start: 1, end: 3 },
      { maxLines: 80, maxChars: 100, overlap: 15 },
    );
    expect(windows).toEqual([
      { start: 1, end: 1 },
      { start: 2, end: 2 },
      { start: 3, end: 3 },
    ]);
  });

  it("trims blank lines at the edges of a range", () => {
    expect(trimBlankEdges(["", "a", " ", "b", "\t"], { start: 1, end: 5 })).toEqual({
      start: 2,
      end: 4,
    });
    expect(trimBlankEdges(["", " "], { start: 1, end: 2 })).toBeNull();
  });
});
