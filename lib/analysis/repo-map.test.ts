import { describe, expect, it } from "vitest";
import { buildRepoMap, compactTree, moduleOf, resolveImport } from "./repo-map";
import type { FileSymbol } from "./types";

const fn = (name: string, exported = true): FileSymbol => ({
  name,
  kind: "function",
  line: 1,
  exported,
});
const file = (
  path: string,
  language: string,
  imports: string[] = [],
  symbols: FileSymbol[] = [],
) => ({
  path,
  language,
  size: 100,
  imports,
  symbols,
});

describe("moduleOf and resolveImport", () => {
  it("groups files by folder, looking one level into containers", () => {
    expect(moduleOf("README.md")).toBe(".");
    expect(moduleOf("docs/intro.md")).toBe("docs");
    expect(moduleOf("src/runs/worker.ts")).toBe("src/runs");
    expect(moduleOf("src/index.ts")).toBe("src");
  });

  it("resolves relative, aliased and dotted imports to files of the repository", () => {
    const paths = new Set([
      "src/runs/worker.ts",
      "src/db/index.ts",
      "app/models.py",
      "lib/util.js",
    ]);
    expect(resolveImport("src/runs/service.ts", "./worker", paths)).toBe("src/runs/worker.ts");
    expect(resolveImport("src/runs/service.ts", "../db", paths)).toBe("src/db/index.ts");
    expect(resolveImport("src/runs/service.ts", "./worker.js", paths)).toBe("src/runs/worker.ts");
    expect(resolveImport("app/views.py", "app.models", paths)).toBe("app/models.py");
    expect(resolveImport("src/a.ts", "@/lib/util", paths)).toBe("lib/util.js");
    expect(resolveImport("src/a.ts", "react", paths)).toBeNull();
  });
});

describe("buildRepoMap", () => {
  it("summarises languages, manifests, entry points, modules, their imports and packages", () => {
    const map = buildRepoMap([
      file("package.json", "json"),
      file("README.md", "markdown"),
      file("src/index.ts", "typescript", ["./runs/service", "express"], [fn("main")]),
      file(
        "src/runs/service.ts",
        "typescript",
        ["./worker", "../db", "zod"],
        [fn("startRun"), fn("helper", false)],
      ),
      file(
        "src/runs/worker.ts",
        "typescript",
        ["../db"],
        [{ name: "RunWorker", kind: "class", line: 3, exported: true }],
      ),
      file("src/db/index.ts", "typescript", ["pg"], [fn("openDatabase")]),
      file("scripts/seed.py", "python", ["os"], [fn("seed", false)]),
    ]);
    expect(map.languages).toEqual({ json: 1, markdown: 1, typescript: 4, python: 1 });
    expect(map.manifests).toEqual(["package.json"]);
    expect(map.entryPoints).toEqual(["src/index.ts"]);
    const runs = map.modules.find((module) => module.path === "src/runs")!;
    expect(runs).toMatchObject({
      files: 2,
      dependsOn: ["src/db"],
      topSymbols: ["RunWorker", "startRun"],
    });
    expect(map.modules.find((module) => module.path === "src")!.dependsOn).toEqual(["src/runs"]);
    expect(map.modules.find((module) => module.path === "scripts")!.topSymbols).toEqual(["seed"]);
    expect(map.externalDependencies.sort()).toEqual(["express", "os", "pg", "zod"]);
    expect(map.fileCount).toBe(7);
  });

  it("draws a compact tree with counts and collapsed single-child chains", () => {
    const tree = compactTree([
      "a/b/c/one.ts",
      "a/b/c/two.ts",
      "x/y.ts",
      "x/z.ts",
      "x/w/v.ts",
      "root.md",
    ]);
    expect(tree.split("\n")).toEqual([
      "x/ (3 files)",
      "  w/ (1 files)",
      "a/b/c/ (2 files)",
      "(1 files at the root)",
    ]);
  });

  it("keeps a big repository's tree to its line budget, biggest folders first, four levels deep", () => {
    const paths: string[] = [];
    for (let pkg = 0; pkg < 40; pkg++)
      for (let dir = 0; dir < 25; dir++)
        for (let file = 0; file < 20; file++)
          paths.push(`packages/p${pkg}/src/d${dir}/deep/er/still/f${file}.ts`);
    for (let file = 0; file < 30_000; file++) paths.push(`vendor/big/f${file}.js`);
    const lines = compactTree(paths, 150).split("\n");
    expect(lines.length).toBe(151);
    expect(lines.at(-1)).toBe("…");
    expect(lines[0]).toBe("vendor/big/ (30000 files)");
    expect(lines[1]).toBe("packages/ (20000 files)");
    expect(Math.max(...lines.map((line) => line.search(/\S/)))).toBeLessThanOrEqual(6);
  });
});
