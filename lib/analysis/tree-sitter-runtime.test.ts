import { describe, expect, it } from "vitest";
import { LANGUAGE_IDS } from "./languages";
import { grammarFor, parserFor, parseWith } from "./tree-sitter-runtime";

describe("tree-sitter grammars", () => {
  const withGrammar = LANGUAGE_IDS.filter((language) => grammarFor(language) !== null);

  it("cover the languages chunked by syntax", () => {
    expect(withGrammar).toEqual([
      "typescript",
      "tsx",
      "javascript",
      "python",
      "go",
      "rust",
      "java",
      "kotlin",
      "c",
      "cpp",
      "csharp",
      "ruby",
      "php",
    ]);
  });

  // A grammar package whose .wasm is missing or built for another ABI fails here, not at indexing.
  it.each(withGrammar)("loads the %s grammar from its package", async (language) => {
    const parser = await parserFor(grammarFor(language)!);
    const tree = parseWith(parser, "\n");
    expect(tree?.rootNode.hasError).toBe(false);
    tree?.delete();
  });
});
