import { describe, expect, it } from "vitest";
import { MAX_CONTEXT_FILES, pageContextOf } from "./page-context";

describe("pageContextOf", () => {
  it("sends the page's title, its files, then the files its text cites, each once", () => {
    const context = pageContextOf({
      title: "Cart",
      file_paths: ["src/cart.ts", "src/format.ts"],
      content: "Totals come from `src/cart.ts:9-12` and `lib/tax.py:6-10`.",
    });
    expect(context).toEqual({
      title: "Cart",
      filePaths: ["src/cart.ts", "src/format.ts", "lib/tax.py"],
    });
  });

  it("names no more files than a request may carry", () => {
    const file_paths = Array.from({ length: 30 }, (_, n) => `src/${n}.ts`);
    expect(pageContextOf({ title: "Many", file_paths, content: "" }).filePaths).toHaveLength(
      MAX_CONTEXT_FILES,
    );
  });
});
