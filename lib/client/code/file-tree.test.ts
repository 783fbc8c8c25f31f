import { describe, expect, it } from "vitest";
import { ancestorFolders, buildFileTree, filterFiles } from "./file-tree";

const file = (path: string) => ({ path, language: null, size: 1 });

describe("the file tree", () => {
  it("nests files under their folders, folders first, names in natural order", () => {
    const root = buildFileTree(
      ["src/b.ts", "README.md", "src/lib/x10.ts", "src/lib/x2.ts", "src/a.ts", "docs/guide.md"].map(
        file,
      ),
    );
    expect(root.fileCount).toBe(6);
    expect(root.folders.map((folder) => folder.path)).toEqual(["docs", "src"]);
    expect(root.files.map((entry) => entry.path)).toEqual(["README.md"]);
    const src = root.folders[1];
    expect(src.fileCount).toBe(4);
    expect(src.files.map((entry) => entry.path)).toEqual(["src/a.ts", "src/b.ts"]);
    expect(src.folders[0].files.map((entry) => entry.path)).toEqual([
      "src/lib/x2.ts",
      "src/lib/x10.ts",
    ]);
  });

  it("lists the folders above a file", () => {
    expect(ancestorFolders("a/b/c.ts")).toEqual(["a", "a/b"]);
    expect(ancestorFolders("top.ts")).toEqual([]);
  });

  it("builds a tree of many thousands of files quickly", () => {
    const many = Array.from({ length: 20_000 }, (_, index) =>
      file(`pkg${index % 40}/module${index % 300}/file${index}.ts`),
    );
    const started = performance.now();
    const root = buildFileTree(many);
    expect(root.fileCount).toBe(20_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("filtering files", () => {
  const files = ["src/cart.ts", "src/cart/checkout.py", "test/cart.test.ts", "docs/carts.md"].map(
    file,
  );

  it("keeps paths holding every word, file-name matches first", () => {
    const { matches, total } = filterFiles(files, "CART .ts");
    expect(total).toBe(2);
    expect(matches.map((entry) => entry.path)).toEqual(["src/cart.ts", "test/cart.test.ts"]);
    expect(filterFiles(files, "checkout").matches.map((entry) => entry.path)).toEqual([
      "src/cart/checkout.py",
    ]);
  });

  it("caps the list but counts every match", () => {
    const { matches, total } = filterFiles(files, "cart", 2);
    expect(matches).toHaveLength(2);
    expect(total).toBe(4);
    expect(filterFiles(files, "   ").total).toBe(0);
  });
});
