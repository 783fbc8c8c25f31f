import { describe, expect, it } from "vitest";
import { groupSources, MAX_SHOWN } from "./source-cards";

const source = (path: string, start: number, end: number, symbol?: string) => ({
  path,
  start_line: start,
  end_line: end,
  score: 1,
  ...(symbol ? { symbol } : {}),
});
const citation = (path: string, start: number, end: number, valid = true) => ({
  text: `${path}:${start}-${end}`,
  path,
  start_line: start,
  end_line: end,
  valid,
});

describe("groupSources", () => {
  it("shows the cited passages as cards in citation order; the rest is also read", () => {
    const groups = groupSources({
      sources: [
        source("src/a.ts", 1, 10),
        source("src/b.ts", 5, 20, "applyDiscount"),
        source("src/c.ts", 1, 3),
      ],
      content: "See `src/b.ts:8-9` and `src/a.ts:2-3`.",
    });
    expect(groups.shown.map((card) => card.key)).toEqual(["src/b.ts:5-20", "src/a.ts:1-10"]);
    expect(groups.shown[0]).toMatchObject({ symbol: "applyDiscount", cited: true });
    expect(groups.alsoRead.map((card) => card.key)).toEqual(["src/c.ts:1-3"]);
  });

  it("counts only the citations the server found valid once it has checked them", () => {
    const groups = groupSources({
      sources: [source("src/a.ts", 1, 10), source("src/b.ts", 1, 10)],
      content: "`src/a.ts:1-2` `src/b.ts:1-2`",
      citations: [citation("src/a.ts", 1, 2, false), citation("src/b.ts", 1, 2)],
    });
    expect(groups.shown.map((card) => card.path)).toEqual(["src/b.ts"]);
    expect(groups.alsoRead.map((card) => card.path)).toEqual(["src/a.ts"]);
  });

  it("gives a card to a cited range no passage holds (the context file)", () => {
    const groups = groupSources({
      sources: [source("src/a.ts", 1, 10)],
      content: "",
      citations: [citation("src/open.ts", 40, 44)],
    });
    expect(groups.shown).toEqual([
      { key: "src/open.ts:40-44", path: "src/open.ts", start: 40, end: 44, cited: true },
    ]);
    expect(groups.alsoRead).toHaveLength(1);
  });

  it("shows the best three when nothing is cited, and lists each passage once", () => {
    const sources = [1, 2, 3, 4, 4].map((n) => source(`src/${n}.ts`, 1, 2));
    const groups = groupSources({ sources, content: "No citations here." });
    expect(groups.shown.map((card) => card.path)).toEqual(["src/1.ts", "src/2.ts", "src/3.ts"]);
    expect(groups.shown.every((card) => !card.cited)).toBe(true);
    expect(groups.alsoRead.map((card) => card.path)).toEqual(["src/4.ts"]);
  });

  it("follows a research source's own cited flag, and caps the cards", () => {
    const sources = Array.from({ length: MAX_SHOWN + 2 }, (_, n) => ({
      ...source(`src/${n}.ts`, 1, 2),
      cited: n !== 1,
    }));
    const groups = groupSources({ sources, content: "" });
    expect(groups.shown).toHaveLength(MAX_SHOWN);
    expect(groups.shown.map((card) => card.path)).not.toContain("src/1.ts");
    expect(groups.alsoRead.map((card) => card.path)).toEqual(["src/9.ts", "src/1.ts"]);
  });
});
