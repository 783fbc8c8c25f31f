import { describe, expect, it } from "vitest";
import { grammarFor, highlightToLines, loadGrammar, splitLines } from "./syntax-highlight";

describe("choosing a grammar", () => {
  it("uses the indexed language, else the file name", () => {
    expect(grammarFor({ language: "tsx", path: "a/b.tsx" })).toBe("typescript");
    expect(grammarFor({ language: "python", path: "x" })).toBe("python");
    expect(grammarFor({ path: "src/app/main.py" })).toBe("python");
    // A Markdown fence names an extension: the path made of it finds the grammar.
    expect(grammarFor({ language: "ts", path: "snippet.ts" })).toBe("typescript");
    expect(grammarFor({ language: "nope", path: "snippet.nope" })).toBeNull();
    expect(grammarFor({ path: "Dockerfile" })).toBe("dockerfile");
    expect(grammarFor({ language: "text", path: "NOTES" })).toBeNull();
  });
});

describe("highlighting into lines", () => {
  it("splits on line ends without a trailing empty line", () => {
    expect(splitLines("a\r\nb\n")).toEqual(["a", "b"]);
    expect(splitLines("")).toEqual([""]);
    expect(splitLines("\n\n")).toEqual(["", ""]);
  });

  it("closes a token at each line end and reopens it on the next", async () => {
    expect(await loadGrammar("typescript")).toBe(true);
    const lines = highlightToLines("/* one\ntwo */\nconst x = 1;\n", "typescript");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('<span class="hljs-comment">/* one</span>');
    expect(lines[1]).toBe('<span class="hljs-comment">two */</span>');
    expect(lines[2]).toContain('<span class="hljs-keyword">const</span>');
  });

  it("escapes the text, so markup in code stays text", async () => {
    await loadGrammar("typescript");
    const [line] = highlightToLines('const s = "<img src=x onerror=alert(1)>";', "typescript");
    expect(line).not.toContain("<img");
    expect(line).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("marks search terms, highlighted or plain", async () => {
    await loadGrammar("python");
    const [highlighted] = highlightToLines("def apply_discount(cart):", "python", {
      marks: ["discount"],
    });
    expect(highlighted).toContain("apply_<mark>discount</mark>");
    expect(highlightToLines("Total <b>", null, { marks: ["total"] })).toEqual([
      "<mark>Total</mark> &lt;b&gt;",
    ]);
  });

  it("shows a grammar it could not load as plain text", async () => {
    expect(await loadGrammar("no-such-grammar")).toBe(false);
    expect(highlightToLines("a < b", "no-such-grammar")).toEqual(["a &lt; b"]);
  });
});
