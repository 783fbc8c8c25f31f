import { describe, expect, it } from "vitest";
import { maxPagesOf, normalizePlan, pageRange, plannedWikiSchema, slugify } from "./plan";

const paths = ["README.md", "src/a.ts", "src/b.ts", "src/deep/c.ts", "lib/x.py"];
const plan = (value: unknown) => plannedWikiSchema.parse(value);

describe("normalizePlan", () => {
  it("drops files that do not exist, keeps folders as their files, and makes ids unique", () => {
    const normal = normalizePlan(
      plan({
        title: "T",
        pages: [
          {
            id: "a",
            title: "A",
            relevant_files: ["./src/a.ts", "ghost.ts", "src/deep", "`src/b.ts:3-9`"],
          },
          { id: "a", title: "A again", relevant_files: [], related_pages: ["a", "A", "nope"] },
          { title: "Über Größe!", importance: "HIGH" },
        ],
      }),
      { paths, wikiType: "concise", maxPages: 10 },
    );
    expect(normal.pages.map((page) => page.id)).toEqual(["a", "a-2", "uber-große"]);
    expect(normal.pages[0].filePaths).toEqual(["src/a.ts", "src/deep/c.ts", "src/b.ts"]);
    // "a" and "A" both name the first page; unknown references are dropped.
    expect(normal.pages[1].relatedPages).toEqual(["a"]);
    expect(normal.pages[2].importance).toBe("high");
    expect(normal.sections).toEqual([]);
  });

  it("nests sections, puts loose pages in an overview section and drops empty ones", () => {
    const normal = normalizePlan(
      plan({
        title: "T",
        sections: [
          { id: "core", title: "Core" },
          { id: "deep", title: "Deep", parent_section: "core" },
          { id: "empty", title: "Empty" },
          { id: "loop", title: "Loop", parent_section: "loop" },
        ],
        pages: [
          { id: "p1", title: "P1", parent_section: "core" },
          { id: "p2", title: "P2", parent_section: "deep" },
          { id: "p3", title: "P3" },
          { id: "p4", title: "P4", parent_section: "loop" },
        ],
      }),
      { paths, wikiType: "comprehensive", maxPages: 10 },
    );
    expect(normal.rootSections).toEqual(["overview", "core", "loop"]);
    const core = normal.sections.find((section) => section.id === "core");
    expect(core).toEqual({ id: "core", title: "Core", pages: ["p1"], subsections: ["deep"] });
    expect(normal.sections.find((section) => section.id === "overview")?.pages).toEqual(["p3"]);
    expect(normal.sections.map((section) => section.id)).not.toContain("empty");
  });

  it("cuts pages beyond the maximum and fails an empty plan", () => {
    const many = plan({
      title: "T",
      pages: Array.from({ length: 30 }, (_, i) => ({ title: `P${i}` })),
    });
    expect(normalizePlan(many, { paths, wikiType: "concise", maxPages: 8 }).pages).toHaveLength(8);
    expect(() =>
      normalizePlan(plan({ title: "T", pages: [] }), { paths, wikiType: "concise", maxPages: 8 }),
    ).toThrow(/no pages/);
  });
});

describe("pageRange", () => {
  it("scales with the repository and the wiki type", () => {
    expect(pageRange("concise", 10)[1]).toBeLessThanOrEqual(8);
    expect(pageRange("comprehensive", 5_000)).toEqual([12, 20]);
    expect(pageRange("comprehensive", 10)[0]).toBeGreaterThanOrEqual(pageRange("concise", 10)[0]);
  });

  it("cuts a plan at the type's bound: 8 pages concise, 20 comprehensive", () => {
    for (const files of [5, 50, 500, 5_000]) {
      expect(maxPagesOf("concise", pageRange("concise", files))).toBeLessThanOrEqual(8);
      expect(maxPagesOf("comprehensive", pageRange("comprehensive", files))).toBeLessThanOrEqual(
        20,
      );
    }
    expect(maxPagesOf("concise", pageRange("concise", 5))).toBe(7);
  });
});

it("slugify keeps letters of any script", () => {
  expect(slugify("Data Flow & Storage")).toBe("data-flow-storage");
  expect(slugify("数据流")).toBe("数据流");
  expect(slugify("!!!")).toBe("page");
});
