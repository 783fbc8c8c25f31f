import type { LanguageModel } from "ai";
import { z } from "zod";
import type { MappedFile } from "../analysis/repo-map";
import { AppError } from "../errors";
import { wikiPlanPrompt, wikiPlanSystemPrompt } from "../llm/prompts/wiki";
import { generateStructured } from "../llm/structured";
import type { WikiTypeName } from "../protocol/wiki";
import type { RepoContext } from "./repo-context";

const importanceSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(["high", "medium", "low"]))
  .catch("medium");

/** What the planner returns; lenient, because `normalizePlan` makes it consistent. */
export const plannedWikiSchema = z.object({
  title: z.string().min(1),
  description: z.string().default(""),
  sections: z
    .array(
      z.object({
        id: z.string().optional(),
        title: z.string().min(1),
        parent_section: z.string().nullish(),
      }),
    )
    .default([]),
  pages: z.array(
    z.object({
      id: z.string().optional(),
      title: z.string().min(1),
      description: z.string().default(""),
      importance: importanceSchema.default("medium"),
      relevant_files: z.array(z.string()).default([]),
      related_pages: z.array(z.string()).default([]),
      parent_section: z.string().nullish(),
    }),
  ),
});
export type PlannedWiki = z.infer<typeof plannedWikiSchema>;

export interface PlanPage {
  id: string;
  title: string;
  description: string;
  importance: "high" | "medium" | "low";
  filePaths: string[];
  relatedPages: string[];
  sectionId: string | null;
}

export interface PlanSection {
  id: string;
  title: string;
  pages: string[];
  subsections: string[];
}

/** A consistent wiki structure: unique ids, existing files, resolvable references. */
export interface WikiPlan {
  title: string;
  description: string;
  sections: PlanSection[];
  rootSections: string[];
  pages: PlanPage[];
}

/** How many pages fit a repository of this size. */
export function pageRange(wikiType: WikiTypeName, fileCount: number): [number, number] {
  if (wikiType === "concise") return fileCount < 15 ? [3, 5] : fileCount < 80 ? [4, 6] : [5, 8];
  return fileCount < 15 ? [5, 8] : fileCount < 80 ? [8, 12] : fileCount < 400 ? [10, 16] : [12, 20];
}

/** A little over the range the planner was asked for, never past the type's own bound. */
export function maxPagesOf(wikiType: WikiTypeName, range: [number, number]): number {
  return Math.min(range[1] + 2, wikiType === "concise" ? 8 : 20);
}

export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || "page";
}

function uniqueId(wanted: string, taken: Set<string>): string {
  let id = wanted;
  for (let suffix = 2; taken.has(id); suffix++) id = `${wanted}-${suffix}`;
  taken.add(id);
  return id;
}

/**
 * Makes a planned structure consistent: relevant files that are not in the snapshot are
 * dropped (a path off by a leading `./` or a folder is matched), ids are made unique,
 * references to unknown pages or sections are removed, a concise wiki is flat, and pages
 * beyond the maximum are cut. An empty plan fails with a clear reason.
 */
export function normalizePlan(
  planned: PlannedWiki,
  options: { paths: string[]; wikiType: WikiTypeName; maxPages: number },
): WikiPlan {
  const known = new Set(options.paths);
  const resolvePath = (candidate: string): string[] => {
    const clean = candidate
      .trim()
      .replace(/^\.?\//, "")
      .replace(/[`'"]/g, "")
      .replace(/:\d+(-\d+)?$/, "");
    if (known.has(clean)) return [clean];
    // A folder names the files in it (a few).
    const inside = options.paths.filter((path) => path.startsWith(`${clean.replace(/\/$/, "")}/`));
    return inside.slice(0, 4);
  };

  const sectionIds = new Set<string>();
  const sectionIdMap = new Map<string, string>();
  const sections =
    options.wikiType === "concise"
      ? []
      : planned.sections.map((section) => {
          const id = uniqueId(slugify(section.id || section.title), sectionIds);
          if (section.id) sectionIdMap.set(section.id, id);
          sectionIdMap.set(section.title, id);
          return { id, title: section.title.trim(), parent: section.parent_section ?? null };
        });

  const pageIds = new Set<string>();
  const pageIdMap = new Map<string, string>();
  const pages: PlanPage[] = [];
  for (const page of planned.pages.slice(0, options.maxPages)) {
    const id = uniqueId(slugify(page.id || page.title), pageIds);
    if (page.id && !pageIdMap.has(page.id)) pageIdMap.set(page.id, id);
    if (!pageIdMap.has(page.title)) pageIdMap.set(page.title, id);
    pages.push({
      id,
      title: page.title.trim(),
      description: page.description.trim(),
      importance: page.importance,
      filePaths: [...new Set(page.relevant_files.flatMap(resolvePath))].slice(0, 12),
      relatedPages: page.related_pages,
      sectionId: page.parent_section ? (sectionIdMap.get(page.parent_section) ?? null) : null,
    });
  }
  if (pages.length === 0)
    throw new AppError("unavailable:model", "The wiki plan has no pages: nothing to write");
  for (const page of pages) {
    page.relatedPages = [
      ...new Set(
        page.relatedPages
          .map((ref) => pageIdMap.get(ref) ?? pageIdMap.get(slugify(ref)))
          .filter((id): id is string => id !== undefined && id !== page.id),
      ),
    ];
  }

  const sectionViews: PlanSection[] = sections.map((section) => ({
    id: section.id,
    title: section.title,
    pages: pages.filter((page) => page.sectionId === section.id).map((page) => page.id),
    subsections: [],
  }));
  const byId = new Map(sectionViews.map((section) => [section.id, section]));
  const rootSections: string[] = [];
  for (const section of sections) {
    const parent = section.parent ? sectionIdMap.get(section.parent) : undefined;
    if (parent && parent !== section.id && byId.has(parent) && !isAncestor(section.id, parent))
      byId.get(parent)!.subsections.push(section.id);
    else rootSections.push(section.id);
  }
  // Pages the plan left outside every section go to a catch-all one (comprehensive wikis).
  const loose = pages.filter((page) => page.sectionId === null);
  if (sectionViews.length > 0 && loose.length > 0) {
    const id = uniqueId("overview", sectionIds);
    sectionViews.unshift({
      id,
      title: "Overview",
      pages: loose.map((page) => page.id),
      subsections: [],
    });
    rootSections.unshift(id);
    for (const page of loose) page.sectionId = id;
  }
  // Sections with neither pages nor subsections say nothing.
  const kept = sectionViews.filter(
    (section) => section.pages.length + section.subsections.length > 0,
  );
  const keptIds = new Set(kept.map((section) => section.id));
  for (const section of kept)
    section.subsections = section.subsections.filter((id) => keptIds.has(id));

  return {
    title: planned.title.trim(),
    description: planned.description.trim(),
    sections: kept,
    rootSections: rootSections.filter((id) => keptIds.has(id)),
    pages,
  };

  function isAncestor(candidate: string, of: string): boolean {
    let current: string | undefined = of;
    const seen = new Set<string>();
    while (current && !seen.has(current)) {
      if (current === candidate) return true;
      seen.add(current);
      const parent: string | null | undefined = sections.find((s) => s.id === current)?.parent;
      current = parent ? sectionIdMap.get(parent) : undefined;
    }
    return false;
  }
}

/** The paths a planner is shown: all of a small repository, the telling ones of a big one. */
export function plannerPaths(files: MappedFile[], limit = 400): string[] {
  if (files.length <= limit) return files.map((file) => file.path);
  const weight = (file: MappedFile) =>
    file.symbols.filter((symbol) => symbol.exported).length * 2 +
    file.symbols.length +
    (/(^|\/)(index|main|app|server|cli|mod|lib)\.\w+$/.test(file.path) ? 10 : 0) -
    file.path.split("/").length;
  return [...files]
    .sort((a, b) => weight(b) - weight(a))
    .slice(0, limit)
    .map((file) => file.path)
    .sort();
}

/** Plans the wiki with the model: schema-validated, with a tolerant parse and one repair. */
export async function planWiki(input: {
  model: LanguageModel;
  context: RepoContext;
  repository: string;
  commit: string;
  wikiType: WikiTypeName;
  language: string;
  signal: AbortSignal;
}): Promise<WikiPlan> {
  const range = pageRange(input.wikiType, input.context.map.fileCount);
  const promptInput = {
    repository: input.repository,
    commit: input.commit,
    wikiType: input.wikiType,
    language: input.language,
    pageRange: range,
    map: input.context.map,
    paths: plannerPaths(input.context.files),
    readme: input.context.readme,
    manifests: input.context.manifests,
  };
  const planned = await generateStructured({
    model: input.model,
    schema: plannedWikiSchema,
    system: wikiPlanSystemPrompt(promptInput),
    prompt: wikiPlanPrompt(promptInput),
    signal: input.signal,
    name: "wiki structure",
  });
  return normalizePlan(planned, {
    paths: input.context.files.map((file) => file.path),
    wikiType: input.wikiType,
    maxPages: maxPagesOf(input.wikiType, range),
  });
}
