/**
 * What the search index reads from the database: chunk pages to build from, the files that
 * differ between two snapshots of a repository, and the rows of the chunks a search returns.
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { type Database, queryRows } from "../db/client";
import { chunks, files, snapshots } from "../db/schema";
import type { IndexedChunk } from "./lexical-ranking";

const PAGE = 1_000;

/** A snapshot's chunks in id order, a page at a time (optionally only those of `paths`). */
export async function* chunkPages(
  db: Database,
  { snapshotId, paths }: { snapshotId: string; paths?: string[] },
): AsyncGenerator<IndexedChunk[]> {
  if (paths?.length === 0) return;
  let after = 0;
  for (;;) {
    const page = await db
      .select({
        id: chunks.id,
        path: chunks.path,
        startLine: chunks.startLine,
        symbol: chunks.symbol,
        text: chunks.text,
      })
      .from(chunks)
      .where(
        and(
          eq(chunks.snapshotId, snapshotId),
          gt(chunks.id, after),
          paths ? inArray(chunks.path, paths) : undefined,
        ),
      )
      .orderBy(asc(chunks.id))
      .limit(PAGE);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].id;
    if (page.length < PAGE) return;
  }
}

/** Other indexed snapshots of the same repository, the most recently indexed first. */
export async function listIndexedSiblings(db: Database, { snapshotId }: { snapshotId: string }) {
  const [self] = await db
    .select({ repoId: snapshots.repoId, filtersKey: snapshots.filtersKey })
    .from(snapshots)
    .where(eq(snapshots.id, snapshotId));
  if (!self) return [];
  return db
    .select({ id: snapshots.id, filtersKey: snapshots.filtersKey })
    .from(snapshots)
    .where(
      and(
        eq(snapshots.repoId, self.repoId),
        ne(snapshots.id, snapshotId),
        eq(snapshots.status, "ready"),
      ),
    )
    .orderBy(desc(sql`${snapshots.filtersKey} = ${self.filtersKey}`), desc(snapshots.indexedAt))
    .limit(3);
}

/**
 * Paths whose (path, blob) one snapshot has and the other does not: `added` are the new
 * snapshot's changed or new files, `dropped` the base's changed or removed ones.
 */
export async function diffSnapshotFiles(
  db: Database,
  { snapshotId, baseId }: { snapshotId: string; baseId: string },
): Promise<{ added: string[]; dropped: string[]; total: number }> {
  const onlyIn = async (one: string, other: string) => {
    const rows = await queryRows<{ path: string }>(
      db,
      sql`select f.path from ${files} f
        where f.snapshot_id = ${one} and not exists (
          select 1 from ${files} o
          where o.snapshot_id = ${other} and o.path = f.path and o.blob_sha = f.blob_sha)`,
    );
    return rows.map((row) => row.path);
  };
  const [added, dropped, counted] = await Promise.all([
    onlyIn(snapshotId, baseId),
    onlyIn(baseId, snapshotId),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(files)
      .where(eq(files.snapshotId, snapshotId)),
  ]);
  return { added, dropped, total: counted[0]?.count ?? 0 };
}

/** Chunk ids by path, each path's ids ascending (which is line order within a file). */
export async function chunkIdsByPath(
  db: Database,
  { snapshotId }: { snapshotId: string },
): Promise<Map<string, number[]>> {
  // A row per file, not per chunk: a tenth of the rows to ship out of the database.
  const rows = await queryRows<{ path: string; ids: string }>(
    db,
    sql`select path, string_agg(id::text, ',' order by id) as ids from ${chunks}
      where snapshot_id = ${snapshotId} group by path`,
  );
  const byPath = new Map<string, number[]>();
  for (const row of rows) byPath.set(row.path, row.ids.split(",").map(Number));
  return byPath;
}

export async function countSnapshotChunks(db: Database, { snapshotId }: { snapshotId: string }) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(chunks)
    .where(eq(chunks.snapshotId, snapshotId));
  return row?.count ?? 0;
}

export async function getChunksByIds(db: Database, { ids }: { ids: number[] }) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: chunks.id,
      path: chunks.path,
      startLine: chunks.startLine,
      endLine: chunks.endLine,
      symbol: chunks.symbol,
      language: chunks.language,
      text: chunks.text,
    })
    .from(chunks)
    .where(inArray(chunks.id, ids));
}

export async function listChunkVectors(db: Database, { snapshotId }: { snapshotId: string }) {
  return db
    .select({ id: chunks.id, embedding: chunks.embedding })
    .from(chunks)
    .where(and(eq(chunks.snapshotId, snapshotId), isNotNull(chunks.embedding)));
}
