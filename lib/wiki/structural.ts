import { type MappedFile, moduleOf } from "../analysis/repo-map";
import type { PlanPage, WikiPlan } from "./plan";
import { slugify } from "./plan";
import type { RepoContext } from "./repo-context";

export const STRUCTURAL_NOTICE =
  "> **Structural wiki.** No model is configured, so this wiki was built from static analysis alone (the README, manifests, folders, symbols and imports). Configure a model in Settings (or set `OPENAI_BASE_URL` / `OPENAI_API_KEY`) and regenerate for written pages.";

const MAX_MODULE_PAGES = 15;

export interface StructuralWiki {
  plan: WikiPlan;
  /** Page id → Markdown content. */
  contents: Map<string, string>;
}

/** A Mermaid node id that is safe for any folder name. */
const nodeId = (modulePath: string) => `m_${modulePath.replace(/[^A-Za-z0-9]/g, "_")}`;
const label = (text: string) => text.replace(/"/g, "'");

/**
 * The wiki without a model: an overview from the README and manifests, a page per module
 * with its files, top symbols and a dependency diagram, and an index of entry points.
 * `lineCounts` holds every path's number of lines, for whole-file citations.
 */
export function buildStructuralWiki(
  context: RepoContext,
  repository: string,
  lineCounts: ReadonlyMap<string, number>,
): StructuralWiki {
  const { map } = context;
  const modules = map.modules.slice(0, MAX_MODULE_PAGES);
  const moduleIds = new Map(
    modules.map((module) => [
      module.path,
      `module-${slugify(module.path === "." ? "root" : module.path)}`,
    ]),
  );
  const filesByModule = new Map<string, MappedFile[]>();
  for (const file of context.files) {
    const module = moduleOf(file.path);
    filesByModule.set(module, [...(filesByModule.get(module) ?? []), file]);
  }
  const cite = (path: string, from = 1, to?: number) => {
    const lines = lineCounts.get(path);
    if (!lines) return `\`${path}\``;
    const end = Math.min(to ?? lines, lines);
    const start = Math.min(from, end);
    return start === end ? `${path}:${start}` : `${path}:${start}-${end}`;
  };

  const pages: PlanPage[] = [];
  const contents = new Map<string, string>();

  // Overview
  const overviewFiles = [
    ...(context.readme ? [context.readme.path] : []),
    ...context.manifests.map((manifest) => manifest.path),
  ];
  pages.push({
    id: "overview",
    title: "Overview",
    description: "What the repository is, its languages, manifests and modules.",
    importance: "high",
    filePaths: overviewFiles,
    relatedPages: [...moduleIds.values()].slice(0, 6),
    sectionId: null,
  });
  const overview = [
    STRUCTURAL_NOTICE,
    "",
    `${repository} has ${map.fileCount} indexed files.`,
    "",
    "## Languages",
    "",
    "| Language | Files |",
    "|---|---|",
    ...Object.entries(map.languages)
      .sort((a, b) => b[1] - a[1])
      .map(([language, count]) => `| ${language} | ${count} |`),
    "",
  ];
  if (context.readme) {
    overview.push(
      `## From ${context.readme.path}`,
      "",
      context.readme.content.replace(/^#\s/gm, "### ").slice(0, 4_000).trim(),
      "",
      `Source: ${cite(context.readme.path)}`,
      "",
    );
  }
  if (context.manifests.length > 0) {
    overview.push("## Manifests", "", ...context.manifests.map((m) => `- ${cite(m.path)}`), "");
  }
  if (map.externalDependencies.length > 0) {
    overview.push(
      "## External packages",
      "",
      map.externalDependencies.map((name) => `\`${name}\``).join(", "),
      "",
    );
  }
  overview.push(
    "## Modules",
    "",
    "| Module | Files | Languages |",
    "|---|---|---|",
    ...map.modules.map((module) => {
      const id = moduleIds.get(module.path);
      const name = id ? `[${module.path}](wiki:${id})` : module.path;
      return `| ${name} | ${module.files} | ${module.languages.join(", ")} |`;
    }),
    "",
    dependencyDiagram(modules),
    "",
    "## Folder tree",
    "",
    "```text",
    map.tree,
    "```",
  );
  contents.set("overview", overview.join("\n"));

  // One page per module
  for (const module of modules) {
    const id = moduleIds.get(module.path)!;
    const members = filesByModule.get(module.path) ?? [];
    const dependents = map.modules.filter((other) => other.dependsOn.includes(module.path));
    pages.push({
      id,
      title: module.path === "." ? "Root files" : module.path,
      description: `The ${module.path} module: ${module.files} files.`,
      importance: module.files > 10 ? "high" : "medium",
      filePaths: members.slice(0, 12).map((file) => file.path),
      relatedPages: [...new Set([...module.dependsOn, ...dependents.map((d) => d.path)])]
        .map((path) => moduleIds.get(path))
        .filter((value): value is string => value !== undefined),
      sectionId: null,
    });
    const symbols = members.flatMap((file) =>
      file.symbols
        .filter((symbol) => symbol.exported || file.language === "python")
        .filter((symbol) => symbol.kind !== "method")
        .map((symbol) => ({ file, symbol })),
    );
    const body = [
      `${module.files} files (${module.languages.join(", ")}).`,
      "",
      "## Files",
      "",
      "| File | Language | Symbols |",
      "|---|---|---|",
      ...members
        .slice(0, 60)
        .map((file) => `| ${cite(file.path)} | ${file.language} | ${file.symbols.length} |`),
      members.length > 60 ? `\n…and ${members.length - 60} more files.` : "",
      "",
      "## Top symbols",
      "",
      symbols.length === 0
        ? "No exported symbols were found."
        : [
            "| Symbol | Kind | Where |",
            "|---|---|---|",
            ...symbols
              .slice(0, 40)
              .map(
                ({ file, symbol }) =>
                  `| \`${symbol.name}\` | ${symbol.kind} | ${cite(file.path, symbol.line, symbol.line)} |`,
              ),
          ].join("\n"),
      "",
      "## Dependencies",
      "",
      module.dependsOn.length === 0 && dependents.length === 0
        ? "This module neither imports nor is imported by other modules of the repository."
        : [
            "```mermaid",
            "flowchart LR",
            `  ${nodeId(module.path)}["${label(module.path)}"]`,
            ...module.dependsOn.map(
              (target) => `  ${nodeId(module.path)} --> ${nodeId(target)}["${label(target)}"]`,
            ),
            ...dependents.map(
              (source) =>
                `  ${nodeId(source.path)}["${label(source.path)}"] --> ${nodeId(module.path)}`,
            ),
            "```",
          ].join("\n"),
    ];
    contents.set(id, body.join("\n"));
  }

  // Entry points
  if (map.entryPoints.length > 0) {
    pages.push({
      id: "entry-points",
      title: "Entry points",
      description: "Where execution starts: main files, servers, CLIs.",
      importance: "medium",
      filePaths: map.entryPoints.slice(0, 12),
      relatedPages: ["overview"],
      sectionId: null,
    });
    contents.set(
      "entry-points",
      [
        "| Entry point | Module |",
        "|---|---|",
        ...map.entryPoints.map((path) => {
          const module = moduleOf(path);
          const id = moduleIds.get(module);
          return `| ${cite(path)} | ${id ? `[${module}](wiki:${id})` : module} |`;
        }),
      ].join("\n"),
    );
  }

  return {
    plan: {
      title: `${repository} (structural wiki)`,
      description: "Built from static analysis; no model configured.",
      sections: [],
      rootSections: [],
      pages,
    },
    contents,
  };
}

function dependencyDiagram(modules: RepoContext["map"]["modules"]): string {
  const shown = new Set(modules.map((module) => module.path));
  const edges = modules.flatMap((module) =>
    module.dependsOn
      .filter((target) => shown.has(target))
      .map((target) => `  ${nodeId(module.path)} --> ${nodeId(target)}`),
  );
  if (edges.length === 0) return "";
  return [
    "```mermaid",
    "flowchart LR",
    ...modules.map((module) => `  ${nodeId(module.path)}["${label(module.path)}"]`),
    ...edges,
    "```",
  ].join("\n");
}
