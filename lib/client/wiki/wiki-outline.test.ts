import { describe, expect, it } from "vitest";
import { wikiOutline } from "./wiki-outline";
import { wikiPage } from "./wiki-test-data";

const ids = (pages: { id: string }[]) => pages.map((page) => page.id);

describe("the wiki's tree", () => {
  it("is the pages in order when the wiki has no sections", () => {
    const outline = wikiOutline({
      sections: [],
      root_sections: [],
      pages: [wikiPage("a"), wikiPage("b")],
    });
    expect(ids(outline.pages)).toEqual(["a", "b"]);
    expect(outline.sections).toEqual([]);
    expect(ids(outline.order)).toEqual(["a", "b"]);
  });

  it("nests sections and reads top to bottom", () => {
    const outline = wikiOutline({
      sections: [
        { id: "s1", title: "Overview", pages: ["intro"], subsections: ["s2"] },
        { id: "s2", title: "Details", pages: ["deep"], subsections: [] },
        { id: "s3", title: "API", pages: ["api"], subsections: [] },
      ],
      root_sections: ["s1", "s3"],
      pages: [wikiPage("api"), wikiPage("deep"), wikiPage("intro")],
    });
    expect(outline.sections.map((entry) => entry.section.id)).toEqual(["s1", "s3"]);
    expect(outline.sections[0].children[0].section.id).toBe("s2");
    expect(ids(outline.order)).toEqual(["intro", "deep", "api"]);
  });

  it("keeps pages no section lists, skips unknown ids and places everything once", () => {
    const outline = wikiOutline({
      sections: [
        { id: "s1", title: "One", pages: ["a", "ghost", "a"], subsections: ["s1", "nope"] },
        { id: "orphan", title: "Orphan", pages: ["b"], subsections: [] },
      ],
      root_sections: ["s1", "missing"],
      pages: [wikiPage("a"), wikiPage("b"), wikiPage("loose")],
    });
    expect(ids(outline.pages)).toEqual(["loose"]);
    expect(outline.sections.map((entry) => entry.section.id)).toEqual(["s1", "orphan"]);
    expect(outline.sections[0].children).toEqual([]);
    expect(ids(outline.order)).toEqual(["loose", "a", "b"]);
  });
});
