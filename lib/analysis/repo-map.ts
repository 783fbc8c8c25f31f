import path from "node:path/posix";
import type { FileSymbol } from "./types";

export interface MappedFile {
  path: string;
  language: string;
  size: number;
  symbols: FileSymbol[];
  imports: string[];
}

export interface ModuleSummary {
  /** The folder a module stands for (`src/runs`, `lib`, `.` for the root). */
  path: string;
  files: number;
  languages: string[];
  /** Exported top-level symbols, most significant first. */
  topSymbols: string[];
  /** Other modules of the repository this one imports. */
  dependsOn: string[];
}

/** What the wiki planner reads instead of the whole repository. */
export interface RepoMap {
  tree: string;
  languages: Record<string, number>;
  manifests: string[];
  entryPoints: string[];
  modules: ModuleSummary[];
  /** Imports that leave the repository (packages), most used first. */
  externalDependencies: string[];
  fileCount: number;
}

const CONTAINERS = new Set([
  "src",
  "lib",
  "packages",
  "apps",
  "app",
  "pkg",
  "internal",
  "cmd",
  "crates",
  "modules",
  "services",
]);
const MANIFESTS =
  /(^|\/)(package\.json|pyproject\.toml|setup\.py|requirements\.txt|Cargo\.toml|go\.mod|pom\.xml|build\.gradle(\.kts)?|Gemfile|composer\.json|Package\.swift|[\w.-]+\.csproj|CMakeLists\.txt|Makefile|Dockerfile)$/;
// At the root or one folder down (`src/index.ts`); deeper `index` files are module barrels.
const ENTRY_POINTS =
  /^([^/]+\/)?(index|main|app|server|cli|__main__|manage|wsgi|asgi)\.(ts|tsx|js|mjs|cjs|py|go|rs|java|kt|rb|php)$|(^|\/)cmd\/[^/]+\/main\.go$|(^|\/)src\/(main|lib)\.rs$|(^|\/)bin\/[^/]+$/;
const KIND_WEIGHT: Record<string, number> = {
  class: 5,
  interface: 4,
  function: 3,
  type: 2,
  enum: 2,
  module: 2,
  variable: 1,
  method: 0,
};

/** The module (folder) a file belongs to: containers like `src/` are looked into one level. */
export function moduleOf(filePath: string): string {
  const segments = filePath.split("/");
  if (segments.length === 1) return ".";
  if (CONTAINERS.has(segments[0]) && segments.length > 2) return `${segments[0]}/${segments[1]}`;
  return segments[0];
}

/** Where an import specifier points inside the repository, or null for a package. */
export function resolveImport(
  fromFile: string,
  specifier: string,
  paths: ReadonlySet<string>,
): string | null {
  const candidates: string[] = [];
  if (specifier.startsWith(".")) {
    const base = path.normalize(path.join(path.dirname(fromFile), specifier));
    candidates.push(base);
  } else if (/^[\w]+(\.[\w]+)+$/.test(specifier) || !specifier.includes("/")) {
    // Python-style dotted modules (`app.models`) and bare names that may be local modules.
    candidates.push(specifier.replace(/\./g, "/"));
  } else if (specifier.startsWith("@/") || specifier.startsWith("~/")) {
    candidates.push(specifier.slice(2));
  } else {
    candidates.push(specifier);
  }
  const extensions = [
    "",
    ".ts",
    ".tsx",
    ".js",
    ".jsx",
    ".mjs",
    ".py",
    ".go",
    ".rs",
    "/index.ts",
    "/index.tsx",
    "/index.js",
    "/__init__.py",
  ];
  for (const candidate of candidates) {
    const stripped = candidate.replace(/\.(js|mjs|cjs)$/, "");
    for (const extension of extensions) {
      for (const option of [candidate + extension, stripped + extension]) {
        if (paths.has(option)) return option;
      }
    }
  }
  return null;
}

/** A folder tree with file counts, single-child chains collapsed and long levels cut. */
export function compactTree(paths: string[], maxLines = 150): string {
  interface Node {
    children: Map<string, Node>;
    /** Files directly in the folder. */
    files: number;
    /** Files in the folder and below, counted as paths are added. */
    total: number;
  }
  const root: Node = { children: new Map(), files: 0, total: 0 };
  for (const file of paths) {
    let node = root;
    node.total++;
    const segments = file.split("/");
    for (const segment of segments.slice(0, -1)) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map(), files: 0, total: 0 };
        node.children.set(segment, child);
      }
      node = child;
      node.total++;
    }
    node.files++;
  }
  const total = (node: Node): number => node.total;
  const lines: string[] = [];
  const walk = (node: Node, prefix: string, depth: number) => {
    const children = [...node.children.entries()].sort((a, b) => total(b[1]) - total(a[1]));
    for (const [name, child] of children) {
      if (lines.length >= maxLines) return;
      let label = name;
      let current = child;
      while (current.files === 0 && current.children.size === 1) {
        const [[nextName, next]] = [...current.children.entries()];
        label = `${label}/${nextName}`;
        current = next;
      }
      lines.push(`${prefix}${label}/ (${total(current)} files)`);
      if (depth < 3) walk(current, `${prefix}  `, depth + 1);
    }
  };
  walk(root, "", 0);
  if (root.files > 0) lines.push(`(${root.files} files at the root)`);
  if (lines.length >= maxLines) lines.push("…");
  return lines.join("\n");
}

/** Builds the repo map from the index's files: tree, languages, manifests, entry points, modules and their imports. */
export function buildRepoMap(files: MappedFile[]): RepoMap {
  const paths = new Set(files.map((file) => file.path));
  const languages: Record<string, number> = {};
  const byModule = new Map<string, MappedFile[]>();
  const external = new Map<string, number>();
  const dependsOn = new Map<string, Set<string>>();
  for (const file of files) {
    languages[file.language] = (languages[file.language] ?? 0) + 1;
    const module = moduleOf(file.path);
    byModule.set(module, [...(byModule.get(module) ?? []), file]);
    for (const specifier of file.imports) {
      const target = resolveImport(file.path, specifier, paths);
      if (target) {
        const targetModule = moduleOf(target);
        if (targetModule !== module) {
          const set = dependsOn.get(module) ?? new Set<string>();
          set.add(targetModule);
          dependsOn.set(module, set);
        }
      } else if (!specifier.startsWith(".")) {
        const name = specifier.startsWith("@")
          ? specifier.split("/").slice(0, 2).join("/")
          : specifier.split(/[/.]/)[0];
        external.set(name, (external.get(name) ?? 0) + 1);
      }
    }
  }
  const modules: ModuleSummary[] = [...byModule.entries()]
    .map(([modulePath, members]) => ({
      path: modulePath,
      files: members.length,
      languages: [...new Set(members.map((member) => member.language))],
      topSymbols: members
        .flatMap((member) =>
          member.symbols.filter((symbol) => symbol.exported || member.language === "python"),
        )
        .sort((a, b) => (KIND_WEIGHT[b.kind] ?? 0) - (KIND_WEIGHT[a.kind] ?? 0))
        .map((symbol) => symbol.name)
        .filter((name, index, all) => all.indexOf(name) === index)
        .slice(0, 12),
      dependsOn: [...(dependsOn.get(modulePath) ?? [])].sort(),
    }))
    .sort((a, b) => b.files - a.files);
  return {
    tree: compactTree([...paths]),
    languages,
    manifests: files.map((file) => file.path).filter((file) => MANIFESTS.test(file)),
    entryPoints: files
      .map((file) => file.path)
      .filter((file) => ENTRY_POINTS.test(file))
      .slice(0, 30),
    modules,
    externalDependencies: [...external.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name]) => name)
      .slice(0, 40),
    fileCount: files.length,
  };
}
