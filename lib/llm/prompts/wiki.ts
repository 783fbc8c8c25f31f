import type { RepoMap } from "../../analysis/repo-map";
import { languageName } from "../../protocol/languages";

export interface PlanPromptInput {
  repository: string;
  commit: string;
  wikiType: "comprehensive" | "concise";
  language: string;
  pageRange: [number, number];
  map: RepoMap;
  /** The paths the plan may name (all of them for small repositories, the telling ones else). */
  paths: string[];
  readme: { path: string; content: string } | null;
  manifests: { path: string; content: string }[];
}

/** System prompt of the wiki planner: it sees the repo map, never the whole repository. */
export function wikiPlanSystemPrompt(input: PlanPromptInput): string {
  const [min, max] = input.pageRange;
  return [
    `You plan a wiki for the code repository ${input.repository} at commit ${input.commit.slice(0, 12)}, for engineers who will work on it.`,
    `Plan ${min} to ${max} pages. ${
      input.wikiType === "concise"
        ? "Keep it flat: no sections, the most important topics only."
        : "Group the pages into sections (overview, architecture, each major subsystem, data, APIs, operations, tests) and nest subsections only where they help."
    }`,
    "Each page covers one topic a newcomer needs: what it is for, how it works, how its parts connect. Start with an overview page.",
    "Give each page a short kebab-case id, a title, a one-sentence description, an importance (high, medium, low), 2 to 8 relevant_files taken ONLY from the paths of the repository map below, the ids of related pages, and the id of its parent section (if any).",
    `Write titles and descriptions in ${languageName(input.language)}.`,
  ].join("\n");
}

export function wikiPlanPrompt(input: PlanPromptInput): string {
  const { map } = input;
  const parts = [
    `Repository: ${input.repository} (${map.fileCount} files)`,
    `Languages (files): ${Object.entries(map.languages)
      .sort((a, b) => b[1] - a[1])
      .map(([language, count]) => `${language} ${count}`)
      .join(", ")}`,
    `Entry points: ${map.entryPoints.join(", ") || "(none found)"}`,
    `External packages: ${map.externalDependencies.slice(0, 25).join(", ") || "(none)"}`,
    "",
    "Folder tree:",
    map.tree,
    "",
    "Modules (folder: files; top symbols; depends on):",
    ...map.modules
      .slice(0, 60)
      .map(
        (module) =>
          `- ${module.path}: ${module.files} files; ${module.topSymbols.join(", ") || "-"}; → ${module.dependsOn.join(", ") || "-"}`,
      ),
    "",
    "Paths you may use as relevant_files:",
    ...input.paths,
  ];
  if (input.readme)
    parts.push("", `<file path="${input.readme.path}">`, input.readme.content, "</file>");
  for (const manifest of input.manifests)
    parts.push("", `<file path="${manifest.path}">`, manifest.content, "</file>");
  return parts.join("\n");
}

export interface PagePromptInput {
  repository: string;
  commit: string;
  language: string;
  wikiTitle: string;
  page: { id: string; title: string; description: string };
  /** Other pages, to link as `[Title](wiki:id)`. */
  otherPages: { id: string; title: string }[];
  /** Line-numbered full texts of the page's relevant files. */
  files: string[];
  /** Retrieved passages on the page's topic. */
  passages: string[];
}

export function wikiPageSystemPrompt(input: PagePromptInput): string {
  return [
    `You write one page of the wiki "${input.wikiTitle}" for the repository ${input.repository} at commit ${input.commit.slice(0, 12)}.`,
    "Write from the source below only. Explain purpose, design, the main types and functions, how data and control flow, and how the parts connect; be concrete and precise.",
    "Cite the code for every important claim as `path:start-end` (for example `src/app.ts:10-24`), using only paths and line numbers shown in the sources below.",
    "Use Markdown with `##` and `###` headings (no `#` title: the page title is shown already), tables where they help, and at least one Mermaid diagram (```mermaid, flowchart, sequenceDiagram or classDiagram) when a flow or structure is clearer drawn. Quote labels with special characters in Mermaid.",
    `Link to other pages of the wiki as [Title](wiki:page-id) using only these ids: ${
      input.otherPages.map((page) => `${page.id} (${page.title})`).join(", ") || "(none)"
    }.`,
    "Do not start with a list of source files; it is added for you.",
    `Write in ${languageName(input.language)}.`,
  ].join("\n");
}

export function wikiPagePrompt(input: PagePromptInput): string {
  return [
    `Page: ${input.page.title} (id ${input.page.id})`,
    `About: ${input.page.description}`,
    "",
    "Relevant files:",
    input.files.join("\n\n") || "(none)",
    "",
    "More passages on this topic:",
    input.passages.join("\n\n") || "(none)",
  ].join("\n");
}

/** Asks for a corrected Mermaid diagram, once. */
export function mermaidRepairPrompt(input: { code: string; error: string }): string {
  return [
    "This Mermaid diagram does not parse:",
    "```mermaid",
    input.code,
    "```",
    `Parser error: ${input.error}`,
    "Reply with the corrected diagram only, in one ```mermaid block, keeping its meaning. Quote node labels that contain special characters.",
  ].join("\n");
}

/** A file as the page writer sees it: numbered lines, so citations can be exact. */
export function numberedFile(path: string, content: string): string {
  const lines = content.replace(/\n$/, "").split("\n");
  const width = String(lines.length).length;
  return [
    `--- ${path}:1-${lines.length}`,
    ...lines.map((line, index) => `${String(index + 1).padStart(width)}: ${line}`),
  ].join("\n");
}
