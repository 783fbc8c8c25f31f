import type { Database } from "../db/client";
import { AppError } from "../errors";
import { redactTokens } from "../security/redact-tokens";
import type { WikiPlan } from "./plan";
import {
  getWiki,
  listPages,
  type NewWikiPage,
  replacePages,
  stalePageIds,
  updateWiki,
  type WikiRow,
} from "./queries";

/** Stored wiki structure (the `structure` column). */
export interface StoredStructure {
  sections: WikiPlan["sections"];
  rootSections: string[];
}

/**
 * Stores a plan: the structure on the wiki, a row per page (done when content is given).
 * Text that may quote the sources (a README, a model's plan) is stored without credentials.
 */
export async function storePlan(
  db: Database,
  wikiId: string,
  plan: WikiPlan,
  contents?: Map<string, string>,
): Promise<void> {
  const structure: StoredStructure = { sections: plan.sections, rootSections: plan.rootSections };
  await updateWiki(db, {
    id: wikiId,
    title: redactTokens(plan.title),
    description: redactTokens(plan.description),
    structure,
  });
  const now = new Date();
  const rows: NewWikiPage[] = plan.pages.map((page, position) => ({
    wikiId,
    pageId: page.id,
    position,
    title: redactTokens(page.title),
    description: redactTokens(page.description),
    importance: page.importance,
    filePaths: page.filePaths,
    relatedPages: page.relatedPages,
    sectionId: page.sectionId,
    status: contents?.has(page.id) ? "done" : "pending",
    content: redactTokens(contents?.get(page.id) ?? ""),
    generatedAt: contents?.has(page.id) ? now : null,
  }));
  await replacePages(db, { wikiId, pages: rows });
}

/**
 * Copies an older wiki's structure and pages into this one (a newer commit); the pages whose
 * listed or cited files changed are left to rewrite and returned.
 */
export async function carryOver(db: Database, wiki: WikiRow, fromId: string): Promise<string[]> {
  const from = await requireWiki(db, fromId);
  const oldPages = await listPages(db, { wikiId: from.id });
  const stale = new Set(await stalePageIds(db, from, oldPages, wiki.snapshotId));
  await updateWiki(db, {
    id: wiki.id,
    title: from.title,
    description: from.description,
    structure: from.structure,
  });
  await replacePages(db, {
    wikiId: wiki.id,
    pages: oldPages.map((page) => ({
      ...page,
      wikiId: wiki.id,
      status: stale.has(page.pageId) || page.status !== "done" ? "pending" : "done",
      content: stale.has(page.pageId) ? "" : page.content,
    })),
  });
  return oldPages
    .filter((page) => stale.has(page.pageId) || page.status !== "done")
    .map((page) => page.pageId);
}

export async function requireWiki(db: Database, id: string): Promise<WikiRow> {
  const wiki = await getWiki(db, { id });
  if (!wiki) throw new AppError("not_found:wiki", "The wiki was deleted");
  return wiki;
}
