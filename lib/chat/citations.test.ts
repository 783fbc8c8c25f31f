import { expect, it } from "vitest";
import { extractCitations, verifyCitations } from "./citations";

it("finds path:line and path:start-end citations and checks them against the snapshot", () => {
  const text =
    "See `src/app.ts:10-24`, lib/a/b.py:3 and ./README.md:1-2; not http://x.com:80 nor 12:30. Also src/app.ts:90-120 and gone.ts:1.";
  expect(extractCitations(text).map((citation) => citation.text)).toEqual([
    "src/app.ts:10-24",
    "lib/a/b.py:3",
    "./README.md:1-2",
    "src/app.ts:90-120",
    "gone.ts:1",
  ]);
  const lines = new Map([
    ["src/app.ts", 100],
    ["lib/a/b.py", 3],
    ["README.md", 2],
  ]);
  expect(verifyCitations(text, lines).map((citation) => [citation.path, citation.valid])).toEqual([
    ["src/app.ts", true],
    ["lib/a/b.py", true],
    ["README.md", true],
    ["src/app.ts", false],
    ["gone.ts", false],
  ]);
});
