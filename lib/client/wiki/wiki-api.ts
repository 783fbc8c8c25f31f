import { z } from "zod";
import { citationSchema } from "@/lib/protocol/chat";
import { NO_USAGE, usageTotalsSchema } from "@/lib/protocol/usage";
import {
  type ExportFormat,
  type StartWikiRequest,
  type StartWikiResponse,
  type WikiListItem,
  type WikiPageChecks,
  type WikiPageView,
  type WikiSectionView,
  type WikiView,
  wikiPageStatusSchema,
  wikiTypeSchema,
} from "@/lib/protocol/wiki";
import { ApiError, postJson, requestJson } from "../api/api-request";

// The wiki API's answers as the browser reads them (lib/protocol/wiki.ts holds the types;
// these schemas check that what arrived has that shape).

const wikiStatusSchema = z.enum(["generating", "ready", "partial", "failed"]);

const sectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  pages: z.array(z.string()),
  subsections: z.array(z.string()),
}) satisfies z.ZodType<WikiSectionView>;

const pageChecksSchema = z.object({
  citations: z.array(citationSchema),
  missing_files: z.array(z.string()),
}) satisfies z.ZodType<WikiPageChecks>;

const pageSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  importance: z.enum(["high", "medium", "low"]),
  file_paths: z.array(z.string()),
  related_pages: z.array(z.string()),
  section_id: z.string().nullable(),
  status: wikiPageStatusSchema,
  content: z.string(),
  error: z.string().nullable(),
  stale: z.boolean(),
  checks: pageChecksSchema.nullable(),
}) satisfies z.ZodType<WikiPageView>;

const wikiFields = {
  wiki_id: z.string(),
  repo_id: z.string(),
  owner: z.string(),
  name: z.string(),
  source: z.string(),
  commit: z.string(),
  language: z.string(),
  wiki_type: wikiTypeSchema,
  provider: z.string(),
  model: z.string(),
  structural: z.boolean(),
  title: z.string(),
  status: wikiStatusSchema,
  created_at: z.string(),
  updated_at: z.string(),
};

export const wikiViewSchema = z.object({
  ...wikiFields,
  description: z.string(),
  error: z.string().nullable(),
  research_id: z.string().nullable(),
  sections: z.array(sectionSchema),
  root_sections: z.array(z.string()),
  pages: z.array(pageSchema),
  latest_commit: z.string().nullable(),
  stale_pages: z.array(z.string()),
  usage: usageTotalsSchema.default(NO_USAGE),
}) satisfies z.ZodType<WikiView>;

const wikiListSchema = z.object({
  items: z.array(z.object({ ...wikiFields, page_count: z.number(), stopped: z.boolean() })),
}) satisfies z.ZodType<{ items: WikiListItem[] }>;

const startWikiResponseSchema = z.object({
  research_id: z.string().nullable(),
  wiki_id: z.string(),
  status: z.enum(["started", "queued", "cached"]),
  queue_position: z.number().optional(),
}) satisfies z.ZodType<StartWikiResponse>;

const runStartedSchema = z.object({ research_id: z.string() });
const resumedSchema = z.object({ research_id: z.string().nullable() });
const updateStartedSchema = z.object({ research_id: z.string(), wiki_id: z.string() });
const modelsConfigSchema = z.object({ providers: z.array(z.object({ id: z.string() })) });
const repoAddedSchema = z.object({ repo_id: z.string(), research_id: z.string().nullable() });

const wikiPath = (wikiId: string) => `/api/wikis/${encodeURIComponent(wikiId)}`;

export function getWiki(wikiId: string, signal?: AbortSignal): Promise<WikiView> {
  return requestJson(wikiPath(wikiId), wikiViewSchema, { signal });
}

/** One page of a wiki as stored now (read again when the run writing it finishes it). */
export function getWikiPage(
  wikiId: string,
  pageId: string,
  signal?: AbortSignal,
): Promise<WikiPageView> {
  return requestJson(`${wikiPath(wikiId)}/pages/${encodeURIComponent(pageId)}`, pageSchema, {
    signal,
  });
}

/** The repository's newest wiki (in this language and type when given); null when it has none. */
export async function getRepoWiki(
  repoId: string,
  choice: { language?: string; wikiType?: string },
  signal?: AbortSignal,
): Promise<WikiView | null> {
  const query = new URLSearchParams();
  if (choice.language) query.set("language", choice.language);
  if (choice.wikiType) query.set("wiki_type", choice.wikiType);
  const search = query.size ? `?${query}` : "";
  try {
    return await requestJson(
      `/api/repos/${encodeURIComponent(repoId)}/wiki${search}`,
      wikiViewSchema,
      {
        signal,
      },
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function startWiki(input: StartWikiRequest): Promise<StartWikiResponse> {
  return requestJson("/api/wikis", startWikiResponseSchema, postJson(input));
}

export async function listWikis(q: string, signal?: AbortSignal): Promise<WikiListItem[]> {
  const search = q.trim() ? `?${new URLSearchParams({ q: q.trim() })}` : "";
  return (await requestJson(`/api/wikis${search}`, wikiListSchema, { signal })).items;
}

export async function deleteWiki(wikiId: string): Promise<void> {
  await requestJson(wikiPath(wikiId), z.unknown(), { method: "DELETE" });
}

export async function regenerateWikiPage(wikiId: string, pageId: string): Promise<string> {
  const url = `${wikiPath(wikiId)}/pages/${encodeURIComponent(pageId)}/regenerate`;
  return (await requestJson(url, runStartedSchema, postJson({}))).research_id;
}

/** Starts a new wiki for the repository's newest commit; only its stale pages are rewritten. */
export function updateWiki(wikiId: string): Promise<{ research_id: string; wiki_id: string }> {
  return requestJson(`${wikiPath(wikiId)}/update`, updateStartedSchema, postJson({}));
}

/** Writes the pages of a stopped or partly failed wiki; the run's id, or null when complete. */
export async function resumeWiki(wikiId: string): Promise<string | null> {
  return (await requestJson(`${wikiPath(wikiId)}/resume`, resumedSchema, postJson({}))).research_id;
}

/** Asks the server to look for a newer commit; the id of the index run when it found one. */
export async function refreshRepository(repoUrl: string): Promise<string | null> {
  return (await requestJson("/api/repos", repoAddedSchema, postJson({ repo_url: repoUrl })))
    .research_id;
}

export const wikiExportHref = (wikiId: string, format: ExportFormat) =>
  `${wikiPath(wikiId)}/export?format=${format}`;

/** False when the server has no chat model: a wiki is then built from static analysis alone. */
export async function fetchModelConfigured(signal?: AbortSignal): Promise<boolean> {
  return (await requestJson("/models/config", modelsConfigSchema, { signal })).providers.length > 0;
}
