import { describe, expect, it } from "vitest";
import { type ListedFile, readmeOf, selectFiles } from "./file-selection";

const listing = (files: Record<string, string>) => {
  const entries: ListedFile[] = Object.entries(files).map(([path, content]) => ({
    path,
    size: Buffer.byteLength(content),
  }));
  const read = async (paths: string[]) =>
    new Map(paths.map((path) => [path, Buffer.from(files[path] ?? "")]));
  return { entries, read };
};

describe("selectFiles", () => {
  it("applies the default exclusions, the user's patterns and every .gitignore below its folder", async () => {
    const { entries, read } = listing({
      ".gitignore": "*.log\n",
      "README.md": "# Shop",
      "app.log": "noise",
      "docs/guide.md": "guide",
      "node_modules/x/index.js": "dep",
      "package-lock.json": "{}",
      "src/.gitignore": "generated/\n",
      "src/generated/api.ts": "generated",
      "src/index.ts": "export {}",
      "src/huge.ts": "x".repeat(2_000),
    });
    const all = await selectFiles(entries, read, { filters: {}, maxFileBytes: 1_000 });
    expect(all.files.map((file) => file.path)).toEqual([
      ".gitignore",
      "README.md",
      "docs/guide.md",
      "src/.gitignore",
      "src/index.ts",
    ]);
    expect(all.skipped.sort()).toEqual(
      [
        ".gitignore",
        ".gitignore",
        "dependency, build or VCS folder",
        "lockfile",
        "over the size limit",
      ].sort(),
    );
    const narrowed = await selectFiles(entries, read, {
      filters: { excluded_dirs: "docs" },
      maxFileBytes: 1_000,
    });
    expect(narrowed.files.map((file) => file.path)).not.toContain("docs/guide.md");
  });

  it("keeps the entries' own fields (a tree's blob ids) for the files it selects", async () => {
    const entries = [{ path: "a.ts", size: 3, sha: "abc" }];
    const { files } = await selectFiles(entries, async () => new Map(), {
      filters: {},
      maxFileBytes: 1_000,
    });
    expect(files).toEqual([{ path: "a.ts", size: 3, sha: "abc" }]);
  });
});

describe("readmeOf", () => {
  it("prefers README.md at the root, else any README there, never one in a folder", () => {
    const files = (...paths: string[]) => paths.map((path) => ({ path, size: 1 }));
    expect(readmeOf(files("README", "Readme.md", "src/README.md"))?.path).toBe("Readme.md");
    expect(readmeOf(files("README.rst", "src/a.ts"))?.path).toBe("README.rst");
    expect(readmeOf(files("docs/README.md"))).toBeUndefined();
  });
});
