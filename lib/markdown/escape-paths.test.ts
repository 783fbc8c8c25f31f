import { describe, expect, it } from "vitest";
import { escapePathEmphasis } from "./escape-paths";

describe("escapePathEmphasis", () => {
  it("escapes the underscores of dunder file names and of paths", () => {
    expect(escapePathEmphasis("See pkg/__init__.py:1-3 and __main__.py.")).toBe(
      "See pkg/\\_\\_init\\_\\_.py:1-3 and \\_\\_main\\_\\_.py.",
    );
    expect(escapePathEmphasis("| lib/_private/*.py | 2 |")).toBe("| lib/\\_private/\\*.py | 2 |");
  });

  it("leaves emphasis, identifiers, code and URLs as written", () => {
    const text = [
      "This is __important__ and *so is this*; snake_case stays.",
      "Inline `pkg/__init__.py` is code.",
      "```python",
      "# pkg/__init__.py",
      "```",
      "https://example.com/pkg/__init__.py",
    ].join("\n");
    expect(escapePathEmphasis(text)).toBe(text);
  });

  it("does not escape twice", () => {
    const once = escapePathEmphasis("pkg/__init__.py");
    expect(escapePathEmphasis(once)).toBe(once);
  });
});
