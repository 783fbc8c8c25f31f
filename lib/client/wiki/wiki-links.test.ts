import { describe, expect, it } from "vitest";
import { repoFileLinkTarget, wikiHref, wikiLinkTarget } from "./wiki-links";

describe("wiki addresses", () => {
  it("names the page and the wiki chosen", () => {
    expect(wikiHref("local~shop")).toBe("/repos/local~shop/wiki");
    expect(
      wikiHref("local~shop", { page: "cart-logic", language: "ja", wikiType: "concise" }),
    ).toBe("/repos/local~shop/wiki?language=ja&wiki_type=concise&page=cart-logic");
    expect(wikiHref("local~shop", { wiki: "w1", page: null })).toBe(
      "/repos/local~shop/wiki?wiki=w1",
    );
  });

  it("reads links between pages", () => {
    expect(wikiLinkTarget("wiki:cart-logic")).toBe("cart-logic");
    expect(wikiLinkTarget("wiki:")).toBeNull();
    expect(wikiLinkTarget("wiki:数据流")).toBe("数据流");
    expect(wikiLinkTarget(`wiki:${encodeURIComponent("概要")}`)).toBe("概要");
    expect(wikiLinkTarget("wiki:%E0%A4%A")).toBeNull();
    expect(wikiLinkTarget("https://example.com")).toBeNull();
  });

  it("takes a relative link for a file of the repository, and nothing else", () => {
    expect(repoFileLinkTarget("src/cart.ts")).toBe("src/cart.ts");
    expect(repoFileLinkTarget("./lib/tax.py#L3")).toBe("lib/tax.py");
    for (const href of [
      "https://x.org/a",
      "/etc/passwd",
      "#intro",
      "../secret",
      "javascript:alert(1)",
      "a b",
    ]) {
      expect(repoFileLinkTarget(href)).toBeNull();
    }
  });
});
