import { describe, expect, it } from "vitest";
import { repoRelativeHref, repoRelativeTarget } from "./repo-relative-link";

describe("repoRelativeTarget", () => {
  it("resolves a path against the document's folder", () => {
    expect(repoRelativeTarget("src/cart.ts", "README.md")).toEqual({
      path: "src/cart.ts",
      hash: "",
    });
    expect(repoRelativeTarget("./setup.md", "docs/README.md")?.path).toBe("docs/setup.md");
    expect(repoRelativeTarget("../src/cart.ts#L3", "docs/README.md")).toEqual({
      path: "src/cart.ts",
      hash: "#L3",
    });
    expect(repoRelativeTarget("my%20notes.md?plain=1", "README.md")?.path).toBe("my notes.md");
  });

  it("leaves URLs, absolute paths, anchors and paths above the root alone", () => {
    for (const href of [
      "https://example.com/x",
      "mailto:a@b.c",
      "javascript:alert(1)",
      "//evil.example/x",
      "/etc/passwd",
      "#usage",
      "../outside.md",
      "docs/../../outside.md",
      "",
    ]) {
      expect(repoRelativeTarget(href, "README.md"), href).toBeNull();
    }
  });
});

describe("repoRelativeHref", () => {
  it("links into the source viewer at the document's commit, keeping a line range", () => {
    expect(
      repoRelativeHref("src/cart.ts#L10-L12", {
        repoId: "local~shop",
        documentPath: "README.md",
        ref: "abc1234def56",
      }),
    ).toBe("/repos/local~shop/source?path=src/cart.ts&ref=abc1234def56#L10-L12");
    expect(
      repoRelativeHref("https://x.dev", { repoId: "r", documentPath: "README.md", ref: null }),
    ).toBeNull();
  });
});
