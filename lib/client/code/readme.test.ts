import { describe, expect, it } from "vitest";
import { findReadme, isMarkdownPath } from "./readme";

const files = (...paths: string[]) => paths.map((path) => ({ path }));

describe("findReadme", () => {
  it("takes the root README.md before any other README", () => {
    expect(findReadme(files("docs/README.md", "README.rst", "readme.md"))?.path).toBe("readme.md");
    expect(findReadme(files("docs/README.md", "README"))?.path).toBe("README");
  });

  it("ignores READMEs in folders, and says when there is none", () => {
    expect(findReadme(files("docs/README.md", "src/readme.txt"))).toBeNull();
  });
});

describe("isMarkdownPath", () => {
  it("knows Markdown by its extension", () => {
    expect(isMarkdownPath("README.md")).toBe(true);
    expect(isMarkdownPath("README.rst")).toBe(false);
  });
});
