import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { FileSymbol } from "../analysis/types";
import { type Viewer, type Visibility, visibleRepositoryWhere } from "../auth/ownership";
import type { Database } from "../db/client";
import { blobs, chunks, files, repositories, snapshots } from "../db/schema";

export type RepositoryRow = typeof repositories.$inferSelect;
export type SnapshotRow = typeof snapshots.$inferSelect;
export type FileRow = typeof files.$inferSelect;
export type ChunkRow = typeof chunks.$inferSelect;
export type NewChunk = typeof chunks.$inferInsert;

export async function upsertRepository(
  db: Database,
  values: typeof repositories.$inferInsert,
): Promise<RepositoryRow> {
  const [row] = await db
    .insert(repositories)
    .values(values)
    .onConflictDoUpdate({
      target: repositories.id,
      set: {
        source: values.source,
        ...(values.defaultBranch ? { defaultBranch: values.defaultBranch } : {}),
        updatedAt: new Date(),
      },
    })
    .returning();
  return row;
}

export async function getRepositoryById(db: Database, { id }: { id: string }) {
  const [row] = await db.select().from(repositories).where(eq(repositories.id, id)).limit(1);
  return row ?? null;
}

/** The repositories this viewer sees, newest first. */
export async function listRepositories(
  db: Database,
  { viewer }: { viewer: Viewer },
): Promise<RepositoryRow[]> {
  return db
    .select()
    .from(repositories)
    .where(visibleRepositoryWhere(viewer))
    .orderBy(desc(repositories.updatedAt));
}

export async function setRepositoryVisibility(
  db: Database,
  { id, visibility }: { id: string; visibility: Visibility },
): Promise<void> {
  await db
    .update(repositories)
    .set({ visibility, updatedAt: new Date() })
    .where(eq(repositories.id, id));
}

/** The repository a snapshot belongs to (whose visibility its index run follows). */
export async function getRepositoryOfSnapshot(
  db: Database,
  { snapshotId }: { snapshotId: string },
): Promise<RepositoryRow | null> {
  const [row] = await db
    .select({ repository: repositories })
    .from(snapshots)
    .innerJoin(repositories, eq(repositories.id, snapshots.repoId))
    .where(eq(snapshots.id, snapshotId))
    .limit(1);
  return row?.repository ?? null;
}

export async function deleteRepositoryById(db: Database, { id }: { id: string }): Promise<boolean> {
  const deleted = await db
    .delete(repositories)
    .where(eq(repositories.id, id))
    .returning({ id: repositories.id });
  return deleted.length > 0;
}

export async function findSnapshot(
  db: Database,
  { repoId, commit, filtersKey }: { repoId: string; commit: string; filtersKey: string },
): Promise<SnapshotRow | null> {
  const [row] = await db
    .select()
    .from(snapshots)
    .where(
      and(
        eq(snapshots.repoId, repoId),
        eq(snapshots.commit, commit),
        eq(snapshots.filtersKey, filtersKey),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * The indexed snapshot of this repository, commit and filters with its repository, in one
 * round trip; null unless it is ready.
 */
export async function findReadySnapshot(
  db: Database,
  { repoId, commit, filtersKey }: { repoId: string; commit: string; filtersKey: string },
): Promise<{ repository: RepositoryRow; snapshot: SnapshotRow } | null> {
  const [row] = await db
    .select({ repository: repositories, snapshot: snapshots })
    .from(snapshots)
    .innerJoin(repositories, eq(repositories.id, snapshots.repoId))
    .where(
      and(
        eq(snapshots.repoId, repoId),
        eq(snapshots.commit, commit),
        eq(snapshots.filtersKey, filtersKey),
        eq(snapshots.status, "ready"),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The snapshot of this repository, commit and filters: inserted now, or the one already there. */
export async function insertSnapshotIfAbsent(
  db: Database,
  values: typeof snapshots.$inferInsert,
): Promise<SnapshotRow> {
  const [row] = await db.insert(snapshots).values(values).onConflictDoNothing().returning();
  if (row) return row;
  const existing = await findSnapshot(db, values);
  if (!existing) throw new Error("snapshot vanished right after a conflicting insert");
  return existing;
}

/**
 * Points a snapshot that is not ready at a new index run, only if it still points at
 * `previousRunId`: of callers racing to start one, exactly one wins.
 */
export async function claimSnapshotRun(
  db: Database,
  { id, runId, previousRunId }: { id: string; runId: string; previousRunId: string | null },
): Promise<boolean> {
  const claimed = await db
    .update(snapshots)
    .set({ status: "indexing", runId })
    .where(
      and(
        eq(snapshots.id, id),
        ne(snapshots.status, "ready"),
        previousRunId === null ? isNull(snapshots.runId) : eq(snapshots.runId, previousRunId),
      ),
    )
    .returning({ id: snapshots.id });
  return claimed.length > 0;
}

export async function updateSnapshot(
  db: Database,
  { id, ...values }: Partial<typeof snapshots.$inferInsert> & { id: string },
): Promise<void> {
  await db.update(snapshots).set(values).where(eq(snapshots.id, id));
}

export async function getSnapshotById(
  db: Database,
  { id }: { id: string },
): Promise<SnapshotRow | null> {
  const [row] = await db.select().from(snapshots).where(eq(snapshots.id, id)).limit(1);
  return row ?? null;
}

export async function listSnapshots(
  db: Database,
  { repoId }: { repoId: string },
): Promise<SnapshotRow[]> {
  return db
    .select()
    .from(snapshots)
    .where(eq(snapshots.repoId, repoId))
    .orderBy(desc(snapshots.createdAt));
}

export async function listChunksOfFile(
  db: Database,
  { snapshotId, path }: { snapshotId: string; path: string },
): Promise<ChunkRow[]> {
  return db
    .select()
    .from(chunks)
    .where(and(eq(chunks.snapshotId, snapshotId), eq(chunks.path, path)))
    .orderBy(asc(chunks.startLine));
}

export async function countSnapshotContents(db: Database, { snapshotId }: { snapshotId: string }) {
  const [fileCount] = await db
    .select({ n: sql<number>`count(*)` })
    .from(files)
    .where(eq(files.snapshotId, snapshotId));
  const [chunkCount] = await db
    .select({ n: sql<number>`count(*)` })
    .from(chunks)
    .where(eq(chunks.snapshotId, snapshotId));
  return { files: Number(fileCount.n), chunks: Number(chunkCount.n) };
}

export async function listFiles(db: Database, { snapshotId }: { snapshotId: string }) {
  return db
    .select({ path: files.path, language: files.language, size: files.size })
    .from(files)
    .where(eq(files.snapshotId, snapshotId))
    .orderBy(asc(files.path));
}

export async function getFileWithContent(
  db: Database,
  { snapshotId, path }: { snapshotId: string; path: string },
): Promise<{ path: string; language: string; content: string } | null> {
  const [row] = await db
    .select({ path: files.path, language: files.language, content: blobs.content })
    .from(files)
    .innerJoin(blobs, eq(files.blobSha, blobs.sha))
    .where(and(eq(files.snapshotId, snapshotId), eq(files.path, path)))
    .limit(1);
  return row ?? null;
}

/** The symbols the index found in one file of a snapshot (its outline); null when the file is not there. */
export async function getFileSymbols(
  db: Database,
  { snapshotId, path }: { snapshotId: string; path: string },
): Promise<{ path: string; language: string; symbols: FileSymbol[] } | null> {
  const [row] = await db
    .select({ path: files.path, language: files.language, symbols: files.symbols })
    .from(files)
    .where(and(eq(files.snapshotId, snapshotId), eq(files.path, path)))
    .limit(1);
  if (!row) return null;
  return { ...row, symbols: Array.isArray(row.symbols) ? (row.symbols as FileSymbol[]) : [] };
}

export async function listSnapshotChunks(db: Database, { snapshotId }: { snapshotId: string }) {
  return db
    .select({
      id: chunks.id,
      path: chunks.path,
      startLine: chunks.startLine,
      endLine: chunks.endLine,
      symbol: chunks.symbol,
      language: chunks.language,
      text: chunks.text,
      embedding: chunks.embedding,
    })
    .from(chunks)
    .where(eq(chunks.snapshotId, snapshotId))
    .orderBy(asc(chunks.id));
}

export async function listChunksWithoutEmbedding(
  db: Database,
  { snapshotId, limit }: { snapshotId: string; limit: number },
): Promise<{ id: number; path: string; symbol: string | null; text: string }[]> {
  return db
    .select({ id: chunks.id, path: chunks.path, symbol: chunks.symbol, text: chunks.text })
    .from(chunks)
    .where(and(eq(chunks.snapshotId, snapshotId), sql`${chunks.embedding} is null`))
    .orderBy(asc(chunks.id))
    .limit(limit);
}

export async function setChunkEmbeddings(
  db: Database,
  rows: { id: number; embedding: number[] }[],
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const row of rows) {
      await tx.update(chunks).set({ embedding: row.embedding }).where(eq(chunks.id, row.id));
    }
  });
}

/** Line counts of these paths in a snapshot (a trailing newline does not start a line). */
/** Line counts by snapshot and path: a snapshot's files never change, so they are kept. */
const lineCountCache = new Map<string, number>();
const LINE_COUNTS_KEPT = 50_000;

export async function getLineCounts(
  db: Database,
  { snapshotId, paths }: { snapshotId: string; paths: string[] },
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const missing: string[] = [];
  for (const path of new Set(paths)) {
    const known = lineCountCache.get(`${snapshotId}\0${path}`);
    if (known === undefined) missing.push(path);
    else counts.set(path, known);
  }
  if (missing.length === 0) return counts;
  const rows = await db
    .select({
      path: files.path,
      lines: sql<number>`array_length(string_to_array(rtrim(${blobs.content}, E'\\n'), E'\\n'), 1)`,
    })
    .from(files)
    .innerJoin(blobs, eq(files.blobSha, blobs.sha))
    .where(and(eq(files.snapshotId, snapshotId), inArray(files.path, missing)));
  if (lineCountCache.size + rows.length > LINE_COUNTS_KEPT) lineCountCache.clear();
  for (const row of rows) {
    const lines = Number(row.lines ?? 0);
    counts.set(row.path, lines);
    lineCountCache.set(`${snapshotId}\0${row.path}`, lines);
  }
  return counts;
}
