import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { type Database, queryRows } from "../db/client";
import { blobs, chunks, files, leftOutFiles, repositories, snapshots } from "../db/schema";

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

export async function listRepositories(db: Database): Promise<RepositoryRow[]> {
  return db.select().from(repositories).orderBy(desc(repositories.updatedAt));
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

/** Where a blob was analysed before, and as which language. */
export interface AnalysedBlob {
  snapshotId: string;
  path: string;
  language: string;
}

/**
 * Files of earlier snapshots of the repository with these blob ids, to reuse their
 * analysis: one per blob and language (the same bytes under another extension are another
 * language, and are parsed again).
 */
export async function findAnalysedBlobs(
  db: Database,
  { repoId, snapshotId, shas }: { repoId: string; snapshotId: string; shas: string[] },
): Promise<Map<string, AnalysedBlob[]>> {
  const found = new Map<string, AnalysedBlob[]>();
  if (shas.length === 0) return found;
  const rows = await queryRows<{ blob_sha: string } & AnalysedBlob>(
    db,
    sql`select distinct on (f.blob_sha, f.language)
          f.blob_sha, f.snapshot_id as "snapshotId", f.path, f.language
        from ${files} f
        join ${snapshots} s on s.id = f.snapshot_id
        where s.repo_id = ${repoId} and s.status = 'ready' and s.id <> ${snapshotId}
          and f.blob_sha in (select jsonb_array_elements_text(${JSON.stringify(shas)}::jsonb))
        order by f.blob_sha, f.language, s.created_at desc`,
  );
  for (const { blob_sha: sha, ...blob } of rows) {
    found.set(sha, [...(found.get(sha) ?? []), blob]);
  }
  return found;
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

/**
 * The newest indexed snapshot of a repository other than `exceptId`: what a new commit's
 * index copies its unchanged files from.
 */
export async function findLatestReadySnapshot(
  db: Database,
  { repoId, exceptId }: { repoId: string; exceptId: string },
): Promise<SnapshotRow | null> {
  const [row] = await db
    .select()
    .from(snapshots)
    .where(
      and(eq(snapshots.repoId, repoId), eq(snapshots.status, "ready"), ne(snapshots.id, exceptId)),
    )
    .orderBy(sql`${snapshots.indexedAt} desc nulls last`, desc(snapshots.createdAt))
    .limit(1);
  return row ?? null;
}

/** A list of records as one jsonb parameter: one statement whatever its length. */
const recordsParameter = (records: object[]) => sql`${JSON.stringify(records)}::jsonb`;

/**
 * Files copied per statement, chunks copied per statement, and rows inserted per
 * statement. The embedded database runs a statement on the server's own thread, and its
 * queries resolve without a turn of the event loop: the loops below take one between
 * statements (yieldToEventLoop), and keep each statement short, so requests get in.
 */
const COPY_SLICE = 500;
const CHUNK_COPY_SLICE = 2_500;
const INSERT_SLICE = 250;

/**
 * Starts a snapshot's contents over with every file `base` holds at the same path with the
 * same blob (indexed or left out), copied inside the database: nothing passes through the
 * server but their paths. Short statements, each its own transaction. Whatever the
 * snapshot held before is removed first, so running it again, whole or after a part of
 * it, is harmless. Returns the paths copied: indexed, and left out.
 */
export async function copyUnchangedFiles(
  db: Database,
  {
    snapshotId,
    baseId,
    files: wanted,
  }: { snapshotId: string; baseId: string; files: { path: string; sha: string }[] },
): Promise<{ indexed: string[]; leftOut: string[] }> {
  await db.transaction(async (tx) => {
    await tx.delete(chunks).where(eq(chunks.snapshotId, snapshotId));
    await tx.delete(files).where(eq(files.snapshotId, snapshotId));
    await tx.delete(leftOutFiles).where(eq(leftOutFiles.snapshotId, snapshotId));
  });
  await yieldToEventLoop();
  const copied = { indexed: [] as string[], leftOut: [] as string[] };
  for (let start = 0; start < wanted.length; start += COPY_SLICE) {
    const slice = recordsParameter(wanted.slice(start, start + COPY_SLICE));
    await db.transaction(async (tx) => {
      const indexed = await queryRows<{ path: string }>(
        tx,
        sql`insert into ${files} (snapshot_id, path, blob_sha, language, size, symbols, imports)
          select ${snapshotId}, f.path, f.blob_sha, f.language, f.size, f.symbols, f.imports
          from jsonb_to_recordset(${slice}) as w(path text, sha text)
          join ${files} f on f.snapshot_id = ${baseId} and f.path = w.path and f.blob_sha = w.sha
          returning path`,
      );
      const leftOut = await queryRows<{ path: string }>(
        tx,
        sql`insert into ${leftOutFiles} (snapshot_id, path, blob_sha, reason)
          select ${snapshotId}, l.path, l.blob_sha, l.reason
          from jsonb_to_recordset(${slice}) as w(path text, sha text)
          join ${leftOutFiles} l on l.snapshot_id = ${baseId} and l.path = w.path and l.blob_sha = w.sha
          returning path`,
      );
      for (const row of indexed) copied.indexed.push(row.path);
      for (const row of leftOut) copied.leftOut.push(row.path);
    });
    await yieldToEventLoop();
  }
  // The chunks of the files just copied, a range of the base's chunk ids at a time (each
  // range is a short walk of the primary key, whatever the size of the snapshot).
  const ids = await queryRows<{ id: number }>(
    db,
    sql`select id from ${chunks} where snapshot_id = ${baseId} order by id`,
  );
  await yieldToEventLoop();
  for (let start = 0; start < ids.length; start += CHUNK_COPY_SLICE) {
    const first = ids[start].id;
    const last = ids[Math.min(ids.length, start + CHUNK_COPY_SLICE) - 1].id;
    await db.execute(
      sql`insert into ${chunks} (snapshot_id, path, blob_sha, start_line, end_line, symbol, language, text, embedding)
        select ${snapshotId}, c.path, c.blob_sha, c.start_line, c.end_line, c.symbol, c.language, c.text, c.embedding
        from ${chunks} c
        join ${files} f on f.snapshot_id = ${snapshotId} and f.path = c.path and f.blob_sha = c.blob_sha
        where c.snapshot_id = ${baseId} and c.id between ${first} and ${last}
        order by c.id`,
    );
    await yieldToEventLoop();
  }
  return copied;
}

/** A file whose analysis is copied from another snapshot's file with the same blob. */
export interface AnalysisCopy {
  path: string;
  fromSnapshotId: string;
  fromPath: string;
}

/**
 * Writes one batch of a snapshot's files: what was analysed elsewhere is copied inside the
 * database, what was parsed now is inserted. What the snapshot held for these paths is
 * replaced first, so a batch written twice (a resumed run) is written once.
 */
export async function writeFileBatch(
  db: Database,
  {
    snapshotId,
    paths,
    copies,
    fileRows,
    chunkRows,
    blobRows,
    leftOut,
  }: {
    snapshotId: string;
    /** Every path of the batch, written or not. */
    paths: string[];
    copies: AnalysisCopy[];
    fileRows: (typeof files.$inferInsert)[];
    chunkRows: NewChunk[];
    blobRows: (typeof blobs.$inferInsert)[];
    /** Files left out by their content, remembered for the next commit. */
    leftOut: { path: string; blobSha: string; reason: string }[];
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (paths.length > 0) {
      await tx
        .delete(chunks)
        .where(and(eq(chunks.snapshotId, snapshotId), inArray(chunks.path, paths)));
      await tx
        .delete(files)
        .where(and(eq(files.snapshotId, snapshotId), inArray(files.path, paths)));
      await tx
        .delete(leftOutFiles)
        .where(and(eq(leftOutFiles.snapshotId, snapshotId), inArray(leftOutFiles.path, paths)));
    }
    if (leftOut.length > 0) {
      await tx.insert(leftOutFiles).values(leftOut.map((file) => ({ ...file, snapshotId })));
    }
    if (copies.length > 0) {
      const mapping = recordsParameter(
        copies.map((copy) => ({
          path: copy.path,
          from_snapshot: copy.fromSnapshotId,
          from_path: copy.fromPath,
        })),
      );
      await tx.execute(
        sql`insert into ${files} (snapshot_id, path, blob_sha, language, size, symbols, imports)
          select ${snapshotId}, m.path, f.blob_sha, f.language, f.size, f.symbols, f.imports
          from jsonb_to_recordset(${mapping}) as m(path text, from_snapshot text, from_path text)
          join ${files} f on f.snapshot_id = m.from_snapshot and f.path = m.from_path`,
      );
      await tx.execute(
        sql`insert into ${chunks} (snapshot_id, path, blob_sha, start_line, end_line, symbol, language, text, embedding)
          select ${snapshotId}, m.path, c.blob_sha, c.start_line, c.end_line, c.symbol, c.language, c.text, c.embedding
          from jsonb_to_recordset(${mapping}) as m(path text, from_snapshot text, from_path text)
          join ${chunks} c on c.snapshot_id = m.from_snapshot and c.path = m.from_path
          order by c.id`,
      );
    }
  });
  // The rest in short statements of their own: until the snapshot is ready nobody reads
  // it, and a batch cut short is written again whole (its paths are cleared first).
  await yieldToEventLoop();
  for (let start = 0; start < blobRows.length; start += INSERT_SLICE) {
    await db
      .insert(blobs)
      .values(blobRows.slice(start, start + INSERT_SLICE))
      .onConflictDoNothing();
    await yieldToEventLoop();
  }
  for (let start = 0; start < fileRows.length; start += INSERT_SLICE) {
    await db.insert(files).values(fileRows.slice(start, start + INSERT_SLICE));
    await yieldToEventLoop();
  }
  for (let start = 0; start < chunkRows.length; start += INSERT_SLICE) {
    await db.insert(chunks).values(chunkRows.slice(start, start + INSERT_SLICE));
    await yieldToEventLoop();
  }
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
export async function getLineCounts(
  db: Database,
  { snapshotId, paths }: { snapshotId: string; paths: string[] },
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (paths.length === 0) return counts;
  const rows = await db
    .select({
      path: files.path,
      lines: sql<number>`array_length(string_to_array(rtrim(${blobs.content}, E'\\n'), E'\\n'), 1)`,
    })
    .from(files)
    .innerJoin(blobs, eq(files.blobSha, blobs.sha))
    .where(and(eq(files.snapshotId, snapshotId), inArray(files.path, paths)));
  for (const row of rows) counts.set(row.path, Number(row.lines ?? 0));
  return counts;
}
