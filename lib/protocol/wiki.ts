import { z } from "zod";
import type { Citation } from "./chat";
import { languageSchema } from "./languages";
import { runBudgetSchema, type UsageTotals } from "./usage";
import { visibilitySchema } from "./visibility";

/**
 * Wire shapes of the wiki API (PROTOCOLS.md sections 4 and 5). Pages link to each other as
 * `[Title](wiki:page-id)` and cite sources as `path:start-end`; stored content holds only
 * citations verified against the wiki's commit.
 */

export const wikiTypeSchema = z.enum(["comprehensive", "concise"]);
export type WikiTypeName = z.infer<typeof wikiTypeSchema>;

export const startWikiSchema = z.object({
  repo_url: z.string().min(1).max(2_000),
  ref: z.string().min(1).max(250).optional(),
  token: z.string().min(1).max(1_000).optional(),
  /** The repository's visibility when this adds it (see POST /api/repos). */
  visibility: visibilitySchema.optional(),
  language: languageSchema.optional(),
  wiki_type: wikiTypeSchema.optional(),
  provider: z.string().min(1).max(100).optional(),
  model: z.string().min(1).max(200).optional(),
  /** Plan and write everything again even when a wiki for this key exists. */
  force: z.boolean().optional(),
  ...runBudgetSchema.shape,
});
export type StartWikiRequest = z.infer<typeof startWikiSchema>;

/** `research_id` is null when the cached wiki is complete and nothing had to run. */
export interface StartWikiResponse {
  research_id: string | null;
  wiki_id: string;
  status: "started" | "queued" | "cached";
  queue_position?: number;
}

export const wikiPageStatusSchema = z.enum(["pending", "generating", "done", "failed"]);
export type WikiPageStatus = z.infer<typeof wikiPageStatusSchema>;
export type WikiStatusName = "generating" | "ready" | "partial" | "failed";

export interface WikiSectionView {
  id: string;
  title: string;
  /** Page ids, in order. */
  pages: string[];
  /** Section ids nested under this one. */
  subsections: string[];
}

export interface WikiPageView {
  id: string;
  title: string;
  description: string;
  importance: "high" | "medium" | "low";
  file_paths: string[];
  related_pages: string[];
  section_id: string | null;
  status: WikiPageStatus;
  content: string;
  error: string | null;
  /** A source file of the page changed in the repository's newest indexed commit. */
  stale: boolean;
  /**
   * Cartograph's checks of a page it did not write (one stored through DeepWiki's cache),
   * whose text is kept as it was sent; null for a page it wrote, whose text was corrected
   * as it was written (citations that did not hold unlinked, broken diagrams repaired).
   * Diagrams of a page kept as sent are checked where they are drawn (the browser shows
   * one that does not parse as its source, with the parser's message).
   */
  checks: WikiPageChecks | null;
}

/** What the checks found; the page's text is left as it is. */
export interface WikiPageChecks {
  /** Every `path:line` the page cites, checked against the wiki's commit. */
  citations: Citation[];
  /** Listed source files the commit does not have. */
  missing_files: string[];
}

/** What a wiki's list item and its full view share. */
export interface WikiSummary {
  wiki_id: string;
  repo_id: string;
  owner: string;
  name: string;
  source: string;
  commit: string;
  language: string;
  wiki_type: WikiTypeName;
  provider: string;
  model: string;
  /** Built from static analysis alone (no model configured). */
  structural: boolean;
  title: string;
  status: WikiStatusName;
  created_at: string;
  updated_at: string;
}

export interface WikiView extends WikiSummary {
  description: string;
  error: string | null;
  /** The run generating or last generating this wiki. */
  research_id: string | null;
  sections: WikiSectionView[];
  root_sections: string[];
  pages: WikiPageView[];
  /** The newest indexed commit of the repository, when it is not this wiki's. */
  latest_commit: string | null;
  stale_pages: string[];
  /** What every model call made for this wiki spent, over all its runs (PROTOCOLS.md §8). */
  usage: UsageTotals;
}

export interface WikiListItem extends WikiSummary {
  page_count: number;
  /** A user stopped its generation before every page was written: not a failure; Resume finishes it. */
  stopped: boolean;
}

export const exportFormatSchema = z.enum(["markdown", "zip", "json"]);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** A wiki's `error` when a user stopped its generation; its pages written so far stay. */
export const WIKI_STOPPED_ERROR = "Generation was stopped before every page was written";

/** A generation the user stopped before every page was written: not a failure. */
export function isStoppedWiki(status: WikiStatusName, error: string | null): boolean {
  return status !== "ready" && status !== "generating" && error === WIKI_STOPPED_ERROR;
}
