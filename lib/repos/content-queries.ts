import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { type Database, queryRows } from "../db/client";
import { blobs, chunks, files, leftOutFiles, snapshots } from "../db/schema";
import type { NewChunk, SnapshotRow } from "./queries";

// What an index run writes into a snapshot: its files, their chunks and blobs, and the
// files it left out. Unchanged files are copied inside the database, never through the server.

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
/** Up to this many files not copied are named in the chunk copy; beyond, each chunk is checked. */
const MAX_LISTED_EXCLUSIONS = 500;

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
  // The chunks of the files just copied: the base's chunks but those of its files that were
  // not (changed or gone; few after a small commit, so no join per chunk is needed), a range
  // of the base's chunk ids at a time (each range a short walk of the primary key).
  const notCopied = await queryRows<{ path: string }>(
    db,
    sql`select path from ${files} where snapshot_id = ${baseId}
      except select path from ${files} where snapshot_id = ${snapshotId}`,
  );
  const ofCopiedFiles =
    notCopied.length === 0
      ? sql``
      : notCopied.length <= MAX_LISTED_EXCLUSIONS
        ? sql`and c.path not in (${sql.join(
            notCopied.map((row) => sql`${row.path}`),
            sql`, `,
          )})`
        : sql`and exists (select 1 from ${files} f where f.snapshot_id = ${snapshotId} and f.path = c.path and f.blob_sha = c.blob_sha)`;
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
        where c.snapshot_id = ${baseId} and c.id between ${first} and ${last} ${ofCopiedFiles}
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

/** The files a snapshot left out by their content, counted by reason. */
export async function countLeftOutFiles(
  db: Database,
  { snapshotId }: { snapshotId: string },
): Promise<Record<string, number>> {
  const rows = await db
    .select({ reason: leftOutFiles.reason, n: sql<number>`count(*)` })
    .from(leftOutFiles)
    .where(eq(leftOutFiles.snapshotId, snapshotId))
    .groupBy(leftOutFiles.reason);
  return Object.fromEntries(rows.map((row) => [row.reason, Number(row.n)]));
}
