import { describe, expect, it } from "vitest";
import { sourceHref } from "./source-links";

describe("source viewer links", () => {
  it("keeps the path readable and the range in the hash", () => {
    expect(
      sourceHref("local~shop-1a2b3c4d5e", "src/cart.ts", {
        ref: "0123456789ab",
        range: { start: 10, end: 20 },
      }),
    ).toBe("/repos/local~shop-1a2b3c4d5e/source?path=src/cart.ts&ref=0123456789ab#L10-L20");
  });

  it("opens the viewer at no file, pinned or not", () => {
    expect(sourceHref("a~b", null, { ref: "main" })).toBe("/repos/a~b/source?ref=main");
    expect(sourceHref("a~b", null)).toBe("/repos/a~b/source");
  });

  it("escapes what would break the query or the hash", () => {
    const href = sourceHref("github.com~octo~hello", "docs/a b&c#d?.md");
    expect(href).toBe("/repos/github.com~octo~hello/source?path=docs/a%20b%26c%23d%3F.md");
    expect(new URL(href, "http://x").searchParams.get("path")).toBe("docs/a b&c#d?.md");
  });
});
