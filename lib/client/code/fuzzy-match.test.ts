import { describe, expect, it } from "vitest";
import { fuzzyScore, rankPaths } from "./fuzzy-match";

const paths = [
  "README.md",
  "src/cart.ts",
  "src/format.ts",
  "src/catalogue/item-001.ts",
  "src/catalogue/item-010.ts",
  "lib/tax.py",
  "lib/inventory.py",
  "docs/cartography-notes.md",
  "src/components/CartSummary.tsx",
];

describe("fuzzyScore", () => {
  it("matches the query's characters in order, ignoring case and spaces", () => {
    expect(fuzzyScore("CRT", "src/cart.ts")?.positions).toEqual([4, 6, 7]);
    expect(fuzzyScore("s c", "src/cart.ts")).not.toBeNull();
    expect(fuzzyScore("tcar", "src/cart.ts")).toBeNull();
  });

  it("matches everything with an empty query", () => {
    expect(fuzzyScore("", "lib/tax.py")).toEqual({ path: "lib/tax.py", score: 0, positions: [] });
  });

  it("prefers word starts to letters inside words", () => {
    // `cs` is the C of Cart and the S of Summary, not the c and s of "components".
    const match = fuzzyScore("cs", "src/components/CartSummary.tsx");
    expect(match?.positions.map((index) => "src/components/CartSummary.tsx"[index])).toEqual([
      "C",
      "S",
    ]);
  });
});

describe("rankPaths", () => {
  it("puts the file whose name is the query first", () => {
    expect(rankPaths(paths, "cart")[0].path).toBe("src/cart.ts");
    expect(rankPaths(paths, "tax")[0].path).toBe("lib/tax.py");
  });

  it("ranks a match in the file name above one spread over folders", () => {
    const ranked = rankPaths(paths, "inv").map((match) => match.path);
    expect(ranked[0]).toBe("lib/inventory.py");
  });

  it("ranks consecutive characters above scattered ones", () => {
    const ranked = rankPaths(paths, "item010").map((match) => match.path);
    expect(ranked[0]).toBe("src/catalogue/item-010.ts");
    expect(ranked).not.toContain("src/catalogue/item-001.ts");
  });

  it("keeps only matches, at most `limit`", () => {
    expect(rankPaths(paths, "zzz")).toEqual([]);
    expect(rankPaths(paths, "s", 3)).toHaveLength(3);
  });
});
