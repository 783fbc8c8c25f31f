import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { chunks, runs } from "../db/schema";

export interface PassageRow {
  chunk_id: number;
  path: string;
  start_line: number;
  end_line: number;
  language: string;
  text: string;
  symbol?: string | null;
}

/** Chunks by id, in the order asked (ids that no longer exist are left out). */
export async function getChunksByIds(
  db: Database,
  { ids }: { ids: number[] },
): Promise<PassageRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      chunk_id: chunks.id,
      path: chunks.path,
      start_line: chunks.startLine,
      end_line: chunks.endLine,
      language: chunks.language,
      text: chunks.text,
      symbol: chunks.symbol,
    })
    .from(chunks)
    .where(inArray(chunks.id, ids));
  const byId = new Map(rows.map((row) => [row.chunk_id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A user's research runs that continue one of these runs. */
export async function listContinuations(
  db: Database,
  { parentIds, userId }: { parentIds: string[]; userId: string },
) {
  if (parentIds.length === 0) return [];
  return db
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.kind, "research"),
        eq(runs.userId, userId),
        inArray(sql<string>`${runs.input} ->> 'parent_id'`, parentIds),
      ),
    )
    .orderBy(asc(runs.createdAt));
}
