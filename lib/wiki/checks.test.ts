import { describe, expect, it } from "vitest";
import {
  checkDiagrams,
  mermaidBlocks,
  mermaidFromReply,
  resolvePageLinks,
  verifyPageCitations,
} from "./checks";

describe("verifyPageCitations", () => {
  const counts = new Map([
    ["src/a.ts", 20],
    ["README.md", 3],
  ]);

  it("keeps citations that hold and rewrites the others so they are not citations any more", () => {
    const checked = verifyPageCitations(
      "See src/a.ts:1-5, src/a.ts:18-40, ghost/b.ts:2 and README.md:3.",
      counts,
    );
    expect(checked.valid).toEqual(["src/a.ts:1-5", "README.md:3"]);
    expect(checked.invalid).toEqual(["src/a.ts:18-40", "ghost/b.ts:2"]);
    expect(checked.content).toBe(
      "See src/a.ts:1-5, [unverified: src/a.ts, lines 18-40], [unverified: ghost/b.ts, line 2] and README.md:3.",
    );
    expect(verifyPageCitations(checked.content, counts).invalid).toEqual([]);
  });
});

describe("mermaid", () => {
  const page =
    "Intro\n\n```mermaid\ngraph TD\n  A-->B\n```\n\nMiddle\n\n```mermaid\nbroken\n```\nEnd";

  it("finds each block", () => {
    expect(mermaidBlocks(page).map((block) => block.code)).toEqual(["graph TD\n  A-->B", "broken"]);
  });

  it("repairs a block once, else shows it as code with a note", async () => {
    const check = async (code: string) => ({ ok: !code.includes("broken"), error: "Parse error" });
    const repaired = await checkDiagrams(page, check, async () => "graph LR\n  X-->Y");
    expect(repaired).toMatchObject({ repaired: 1, unrendered: 0 });
    expect(repaired.content).toContain("```mermaid\ngraph LR\n  X-->Y\n```\nEnd");

    const asCode = await checkDiagrams(page, check, async () => "still broken");
    expect(asCode).toMatchObject({ repaired: 0, unrendered: 1 });
    expect(asCode.content).toContain(
      "> The diagram below did not parse as Mermaid, so it is shown as code.\n\n```text\nbroken\n```\nEnd",
    );
    expect(asCode.content).toContain("```mermaid\ngraph TD\n  A-->B\n```");
  });

  it("reads the diagram out of a repair reply", () => {
    expect(mermaidFromReply("Here:\n```mermaid\ngraph TD\n A-->B\n```\n")).toBe("graph TD\n A-->B");
    expect(mermaidFromReply("   ")).toBeNull();
  });
});

it("resolvePageLinks keeps links to pages, unlinks unknown ones and leaves heading anchors", () => {
  const ids = new Set(["overview", "data"]);
  expect(
    resolvePageLinks("[O](wiki:overview) [D](#data) [X](wiki:nope) [H](#some-heading)", ids),
  ).toBe("[O](wiki:overview) [D](wiki:data) X [H](#some-heading)");
  const japanese = new Set(["概要", "überblick"]);
  expect(resolvePageLinks("[概要](wiki:概要) [Ü](#überblick) [X](wiki:存在しない)", japanese)).toBe(
    "[概要](wiki:概要) [Ü](wiki:überblick) X",
  );
});
