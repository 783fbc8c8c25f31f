import { describe, expect, it } from "vitest";
import type { Declaration } from "./outline";
import { planChunks } from "./plan-chunks";

const declaration = (
  name: string,
  start: number,
  end: number,
  members: Declaration[] = [],
): Declaration => ({
  name,
  kind: members.length > 0 ? "class" : "function",
  range: { start, end },
  line: start,
  members,
});

const typeAlias = (name: string, start: number, end: number): Declaration => ({
  ...declaration(name, start, end),
  kind: "type",
});

/** `count` lines of code-looking text, with the given lines blank or a lone closing brace. */
function source(count: number, blank: number[] = [], braces: number[] = []): string[] {
  return Array.from({ length: count }, (_, i) => {
    const line = i + 1;
    if (blank.includes(line)) return "";
    if (braces.includes(line)) return "}";
    return `  statement(${line});`;
  });
}

describe("planChunks", () => {
  it("gives a big declaration its own chunk and turns the lines between into glue", () => {
    const lines = source(60, [5, 46]);
    const planned = planChunks(lines, [declaration("big", 6, 45)]);
    expect(planned).toEqual([
      { range: { start: 1, end: 4 } },
      { range: { start: 6, end: 45 }, symbol: "big" },
      { range: { start: 47, end: 60 } },
    ]);
  });

  it("splits a class into member runs and never merges across its edges", () => {
    // class 10..100 with methods 12..50, 52..98; a lone brace at 100.
    const lines = source(110, [9, 11, 51, 99, 101], [100]);
    const members = [declaration("C.a", 12, 50), declaration("C.b", 52, 98)];
    const planned = planChunks(lines, [
      declaration("before", 1, 8),
      declaration("C", 10, 100, members),
      declaration("after", 102, 110),
    ]);
    expect(planned).toEqual([
      { range: { start: 1, end: 8 }, symbol: "before" },
      // The class line is glue owned by the class; it is small, so it joins the first method.
      { range: { start: 10, end: 50 }, symbol: "C.a" },
      // The closing brace is glued to the method before it.
      { range: { start: 52, end: 100 }, symbol: "C.b" },
      { range: { start: 102, end: 110 }, symbol: "after" },
    ]);
  });

  it("windows an oversized method and keeps its qualified name", () => {
    const lines = source(260);
    const planned = planChunks(lines, [declaration("C", 1, 260, [declaration("C.huge", 2, 259)])]);
    // The class line and the last line are too small to stand alone and join the pieces.
    expect(planned.map((chunk) => chunk.symbol)).toEqual(["C.huge", "C.huge", "C.huge"]);
    expect(planned.map((chunk) => chunk.range)).toEqual([
      { start: 1, end: 101 },
      { start: 92, end: 191 },
      { start: 182, end: 260 },
    ]);
  });

  it("never merges a declaration longer than eight lines with another named one", () => {
    const lines = source(30, [9, 19]);
    const planned = planChunks(lines, [
      typeAlias("eight", 1, 8),
      typeAlias("nine", 10, 18),
      typeAlias("alsoEight", 20, 27),
      typeAlias("three", 28, 30),
    ]);
    expect(planned).toEqual([
      { range: { start: 1, end: 8 }, symbol: "eight" },
      { range: { start: 10, end: 18 }, symbol: "nine" },
      { range: { start: 20, end: 30 }, symbol: "alsoEight, three" },
    ]);
  });

  it("merges functions only up to three lines and never hides a small one in a standalone one", () => {
    const lines = source(20, [4, 9, 11]);
    const planned = planChunks(lines, [
      declaration("helper", 1, 3),
      declaration("four", 5, 8),
      typeAlias("Id", 10, 10),
      declaration("big", 12, 20),
    ]);
    expect(planned).toEqual([
      { range: { start: 1, end: 3 }, symbol: "helper" },
      { range: { start: 5, end: 8 }, symbol: "four" },
      { range: { start: 10, end: 10 }, symbol: "Id" },
      { range: { start: 12, end: 20 }, symbol: "big" },
    ]);
  });

  it("merges glue with small declarations and gives a standalone one at most a few lines of it", () => {
    const lines = source(40, [6, 11, 22, 27]);
    const planned = planChunks(lines, [
      typeAlias("Small", 7, 10),
      declaration("f", 12, 21),
      declaration("g", 28, 37),
    ]);
    expect(planned).toEqual([
      { range: { start: 1, end: 10 }, symbol: "Small" },
      { range: { start: 12, end: 21 }, symbol: "f" },
      // Four lines of glue between two functions: a chunk of its own.
      { range: { start: 23, end: 26 } },
      // Three trailing lines join the function before them.
      { range: { start: 28, end: 40 }, symbol: "g" },
    ]);
  });

  it("clips declarations that overlap (greedy leading comments)", () => {
    const lines = source(20);
    const planned = planChunks(lines, [declaration("a", 1, 10), declaration("b", 8, 20)]);
    // `b` starts after `a`'s last line; each is too big to share a chunk.
    expect(planned).toEqual([
      { range: { start: 1, end: 10 }, symbol: "a" },
      { range: { start: 11, end: 20 }, symbol: "b" },
    ]);
  });
});
