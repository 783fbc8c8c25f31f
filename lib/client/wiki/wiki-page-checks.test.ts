import { describe, expect, it } from "vitest";
import { citationStatus } from "../chat/chat-citations";
import { checksSummary, pageCitations } from "./wiki-page-checks";

const content = "Held: src/app.ts:1-3. Wrong on purpose: src/app.ts:90-99 and src/ghost.ts:1.";
const checks = {
  citations: [
    { text: "src/app.ts:1-3", path: "src/app.ts", start_line: 1, end_line: 3, valid: true },
    { text: "src/app.ts:90-99", path: "src/app.ts", start_line: 90, end_line: 99, valid: false },
    { text: "src/ghost.ts:1", path: "src/ghost.ts", start_line: 1, end_line: 1, valid: false },
  ],
  missing_files: ["src/ghost.ts"],
};

describe("a page kept as imported", () => {
  it("shows each citation with the server's verdict: linked when it held, marked when not", () => {
    const citations = pageCitations({ checks }, { content, draft: false });
    const status = (text: string) =>
      citationStatus({ ...checks.citations.find((c) => c.text === text)! }, { citations });
    expect(status("src/app.ts:1-3")).toBe("valid");
    expect(status("src/app.ts:90-99")).toBe("invalid");
    expect(status("src/ghost.ts:1")).toBe("invalid");
  });

  it("says what the checks found", () => {
    expect(checksSummary(checks)).toBe(
      "2 of 3 citations not found in this commit; listed file not in this commit: src/ghost.ts",
    );
    expect(checksSummary({ citations: [checks.citations[0]], missing_files: [] })).toBe(null);
  });
});

describe("a page Cartograph wrote", () => {
  it("links every citation left in its text, and says nothing about checks", () => {
    const citations = pageCitations({ checks: null }, { content, draft: false });
    expect(citations.map((citation) => [citation.text, citation.valid])).toEqual([
      ["src/app.ts:1-3", true],
      ["src/app.ts:90-99", true],
      ["src/ghost.ts:1", true],
    ]);
    expect(checksSummary(null)).toBe(null);
  });

  it("links nothing in a draft", () => {
    expect(pageCitations({ checks }, { content, draft: true })).toEqual([]);
  });
});
