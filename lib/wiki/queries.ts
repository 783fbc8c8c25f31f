import { and, asc, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { type Viewer, visibleRepositoryWhere } from "../auth/ownership";
import type { Database } from "../db/client";
import { files, repositories, snapshots, type WikiStatus, wikiPages, wikis } from "../db/schema";
import { LANGUAGES } from "../protocol/languages";

export type WikiRow = typeof wikis.$inferSelect;
export type WikiPageRow = typeof wikiPages.$inferSelect;
export type NewWikiPage = typeof wikiPages.$inferInsert;

export interface WikiKey {
  repoId: string;
  commit: string;
  language: string;
  wikiType: WikiRow["wikiType"];
  provider: string;
  model: string;
}

export async function findWiki(db: Database, key: WikiKey): Promise<WikiRow | null> {
  const [row] = await db
    .select()
    .from(wikis)
    .where(
      and(
        eq(wikis.repoId, key.repoId),
        eq(wikis.commit, key.commit),
        eq(wikis.language, key.language),
        eq(wikis.wikiType, key.wikiType),
        eq(wikis.provider, key.provider),
        eq(wikis.model, key.model),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function insertWiki(
  db: Database,
  values: typeof wikis.$inferInsert,
): Promise<WikiRow> {
  const [row] = await db.insert(wikis).values(values).returning();
  return row;
}

export async function getWiki(db: Database, { id }: { id: string }): Promise<WikiRow | null> {
  const [row] = await db.select().from(wikis).where(eq(wikis.id, id)).limit(1);
  return row ?? null;
}

/** The repository a wiki belongs to (whose visibility the wiki and its runs follow). */
export async function getRepositoryOfWiki(
  db: Database,
  { wikiId }: { wikiId: string },
): Promise<typeof repositories.$inferSelect | null> {
  const [row] = await db
    .select({ repository: repositories })
    .from(wikis)
    .innerJoin(repositories, eq(repositories.id, wikis.repoId))
    .where(eq(wikis.id, wikiId))
    .limit(1);
  return row?.repository ?? null;
}

export async function updateWiki(
  db: Database,
  { id, ...values }: { id: string } & Partial<Omit<typeof wikis.$inferInsert, "id">>,
): Promise<void> {
  await db
    .update(wikis)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(wikis.id, id));
}

export async function deleteWiki(db: Database, { id }: { id: string }): Promise<boolean> {
  const deleted = await db.delete(wikis).where(eq(wikis.id, id)).returning({ id: wikis.id });
  return deleted.length > 0;
}

/**
 * The wiki to show for a repository: the newest with something to read or on its way
 * (a failed generation, say of a newer commit, does not hide a good wiki), else the newest.
 */
export async function newestWikiOfRepo(
  db: Database,
  {
    repoId,
    language,
    wikiType,
    model,
  }: { repoId: string; language?: string; wikiType?: string; model?: string },
): Promise<WikiRow | null> {
  const [row] = await db
    .select()
    .from(wikis)
    .where(
      and(
        eq(wikis.repoId, repoId),
        language ? eq(wikis.language, language) : undefined,
        wikiType ? eq(wikis.wikiType, wikiType as WikiRow["wikiType"]) : undefined,
        model ? eq(wikis.model, model) : undefined,
      ),
    )
    .orderBy(sql`case when ${wikis.status} = 'failed' then 1 else 0 end`, desc(wikis.updatedAt))
    .limit(1);
  return row ?? null;
}

export interface WikiListRow {
  wiki: WikiRow;
  repository: typeof repositories.$inferSelect;
  pageCount: number;
}

/**
 * Every wiki the viewer sees (its repository's visibility) with its repository, newest first; `q` matches owner, name, source or title,
 * or names the language (`ja`, "Japanese", "日本語").
 */
export async function listWikis(
  db: Database,
  { viewer, q, limit = 200 }: { viewer: Viewer; q?: string; limit?: number },
): Promise<WikiListRow[]> {
  const pattern = q ? `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
  const languages = q ? languagesNamed(q) : [];
  const rows = await db
    .select({
      wiki: wikis,
      repository: repositories,
      // Qualified by hand: in a nested select drizzle writes bare column names.
      pageCount: sql<number>`(select count(*) from "wiki_pages" where "wiki_pages"."wiki_id" = "wikis"."id")`,
    })
    .from(wikis)
    .innerJoin(repositories, eq(repositories.id, wikis.repoId))
    .where(
      and(
        visibleRepositoryWhere(viewer),
        pattern
          ? or(
              ilike(repositories.owner, pattern),
              ilike(repositories.name, pattern),
              ilike(repositories.source, pattern),
              ilike(wikis.title, pattern),
              languages.length > 0 ? inArray(wikis.language, languages) : undefined,
            )
          : undefined,
      ),
    )
    .orderBy(desc(wikis.updatedAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, pageCount: Number(row.pageCount) }));
}

/** Codes of the languages whose code is `q` or whose name starts with it. */
function languagesNamed(q: string): string[] {
  const needle = q.trim().toLowerCase();
  return LANGUAGES.filter(
    (language) =>
      language.code === needle ||
      language.name.toLowerCase().startsWith(needle) ||
      language.native.toLowerCase().startsWith(needle),
  ).map((language) => language.code);
}

export async function listPages(
  db: Database,
  { wikiId }: { wikiId: string },
): Promise<WikiPageRow[]> {
  return db
    .select()
    .from(wikiPages)
    .where(eq(wikiPages.wikiId, wikiId))
    .orderBy(asc(wikiPages.position));
}

export async function getPage(
  db: Database,
  { wikiId, pageId }: { wikiId: string; pageId: string },
): Promise<WikiPageRow | null> {
  const [row] = await db
    .select()
    .from(wikiPages)
    .where(and(eq(wikiPages.wikiId, wikiId), eq(wikiPages.pageId, pageId)))
    .limit(1);
  return row ?? null;
}

/** Replaces a wiki's pages (a new plan). */
export async function replacePages(
  db: Database,
  { wikiId, pages }: { wikiId: string; pages: NewWikiPage[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(wikiPages).where(eq(wikiPages.wikiId, wikiId));
    if (pages.length > 0) await tx.insert(wikiPages).values(pages);
  });
}

export async function updatePage(
  db: Database,
  {
    wikiId,
    pageId,
    ...values
  }: { wikiId: string; pageId: string } & Partial<
    Omit<NewWikiPage, "wikiId" | "pageId" | "position">
  >,
): Promise<void> {
  await db
    .update(wikiPages)
    .set(values)
    .where(and(eq(wikiPages.wikiId, wikiId), eq(wikiPages.pageId, pageId)));
}

export async function setPagesStatus(
  db: Database,
  { wikiId, pageIds, status }: { wikiId: string; pageIds: string[]; status: WikiPageRow["status"] },
): Promise<void> {
  if (pageIds.length === 0) return;
  await db
    .update(wikiPages)
    .set({ status, error: null })
    .where(and(eq(wikiPages.wikiId, wikiId), inArray(wikiPages.pageId, pageIds)));
}

/** Blob ids of these paths in a snapshot; a path missing from it is absent from the map. */
export async function blobsOf(
  db: Database,
  { snapshotId, paths }: { snapshotId: string; paths: string[] },
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (paths.length === 0) return found;
  const rows = await db
    .select({ path: files.path, blobSha: files.blobSha })
    .from(files)
    .where(and(eq(files.snapshotId, snapshotId), inArray(files.path, paths)));
  for (const row of rows) found.set(row.path, row.blobSha);
  return found;
}

/** The newest ready snapshot of a repository with the same filters as `snapshotId`. */
export async function newestSnapshotLike(
  db: Database,
  { snapshotId }: { snapshotId: string },
): Promise<typeof snapshots.$inferSelect | null> {
  const [base] = await db.select().from(snapshots).where(eq(snapshots.id, snapshotId)).limit(1);
  if (!base) return null;
  const [row] = await db
    .select()
    .from(snapshots)
    .where(
      and(
        eq(snapshots.repoId, base.repoId),
        eq(snapshots.filtersKey, base.filtersKey),
        eq(snapshots.status, "ready"),
      ),
    )
    .orderBy(desc(snapshots.indexedAt))
    .limit(1);
  return row ?? null;
}

/** Pages of `wiki` whose listed or cited files differ (or are gone) in another snapshot. */
export async function stalePageIds(
  db: Database,
  wiki: Pick<WikiRow, "snapshotId">,
  pages: WikiPageRow[],
  otherSnapshotId: string,
): Promise<string[]> {
  if (otherSnapshotId === wiki.snapshotId) return [];
  const paths = [
    ...new Set(pages.flatMap((page) => [...page.filePaths, ...Object.keys(page.sources ?? {})])),
  ];
  const [before, after] = await Promise.all([
    blobsOf(db, { snapshotId: wiki.snapshotId, paths }),
    blobsOf(db, { snapshotId: otherSnapshotId, paths }),
  ]);
  return pages
    .filter((page) =>
      [...page.filePaths, ...Object.keys(page.sources ?? {})].some(
        (path) => (page.sources?.[path] ?? before.get(path)) !== after.get(path),
      ),
    )
    .map((page) => page.pageId);
}

/** What a wiki holds once no run works on it: every page written, some, or none. */
export function statusOfPages(pages: readonly Pick<WikiPageRow, "status">[]): WikiStatus {
  const done = pages.filter((page) => page.status === "done").length;
  return done === 0 ? "failed" : done === pages.length ? "ready" : "partial";
}
