import { describe, expect, it } from "vitest";
import { extractCitations } from "../chat/citations";
import { newQueries } from "./evidence";
import { unlinkInvalidCitations } from "./verify";

describe("unlinkInvalidCitations", () => {
  it("rewrites only the citations that do not resolve, so they no longer parse as citations", () => {
    const text = "Charged in src/pay.ts:1-4, retried in src/ghost.ts:10-20 and src/pay.ts:1-99.";
    const result = unlinkInvalidCitations(text, [
      { text: "src/pay.ts:1-4", path: "src/pay.ts", start_line: 1, end_line: 4, valid: true },
      {
        text: "src/ghost.ts:10-20",
        path: "src/ghost.ts",
        start_line: 10,
        end_line: 20,
        valid: false,
      },
      { text: "src/pay.ts:1-99", path: "src/pay.ts", start_line: 1, end_line: 99, valid: false },
    ]);
    expect(result).toBe(
      "Charged in src/pay.ts:1-4, retried in [unverified: src/ghost.ts, lines 10-20] and [unverified: src/pay.ts, lines 1-99].",
    );
    expect(extractCitations(result).map((citation) => citation.text)).toEqual(["src/pay.ts:1-4"]);
  });
});

describe("newQueries", () => {
  it("drops queries already run, whatever their case or spacing, and repeats within the list", () => {
    expect(
      newQueries(["Checkout  charge", "retry backoff", "RETRY backoff", " "], ["checkout charge"]),
    ).toEqual(["retry backoff"]);
  });
});
