import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { repositories, wikiPages, wikis } from "../db/schema";
import type { RepositoryRow } from "../repos/queries";
import type { NewWikiPage, WikiKey, WikiRow } from "./queries";

/** Repositories with this owner and name, compared without case; newest first. */
export async function findRepositoriesNamed(
  db: Database,
  { owner, name }: { owner: string; name: string },
): Promise<RepositoryRow[]> {
  return db
    .select()
    .from(repositories)
    .where(
      and(
        eq(sql`lower(${repositories.owner})`, owner.toLowerCase()),
        eq(sql`lower(${repositories.name})`, name.toLowerCase()),
      ),
    )
    .orderBy(desc(repositories.updatedAt));
}

/** Wikis of these repositories in one language, newest first. */
export async function listWikisOfRepos(
  db: Database,
  { repoIds, language }: { repoIds: string[]; language: string },
): Promise<WikiRow[]> {
  if (repoIds.length === 0) return [];
  return db
    .select()
    .from(wikis)
    .where(and(inArray(wikis.repoId, repoIds), eq(wikis.language, language)))
    .orderBy(desc(wikis.updatedAt));
}

/**
 * Creates or replaces the wiki with this key and all its pages, in one transaction:
 * readers see the old wiki or the new one, never half of it.
 */
export async function upsertWikiWithPages(
  db: Database,
  {
    key,
    values,
    pages,
  }: {
    key: WikiKey;
    values: Omit<typeof wikis.$inferInsert, keyof WikiKey>;
    pages: Omit<NewWikiPage, "wikiId">[];
  },
): Promise<WikiRow> {
  return db.transaction(async (tx) => {
    const { id: _id, createdBy: _createdBy, ...changes } = values;
    const [row] = await tx
      .insert(wikis)
      .values({ ...key, ...values })
      .onConflictDoUpdate({
        target: [
          wikis.repoId,
          wikis.commit,
          wikis.language,
          wikis.wikiType,
          wikis.provider,
          wikis.model,
        ],
        set: { ...changes, updatedAt: new Date() },
      })
      .returning();
    await tx.delete(wikiPages).where(eq(wikiPages.wikiId, row.id));
    if (pages.length > 0)
      await tx.insert(wikiPages).values(pages.map((page) => ({ ...page, wikiId: row.id })));
    return row;
  });
}
