import type { Database } from "../db/client";
import { getChunksByIds } from "./index-sources";

export type ChunkRowOfSearch = Awaited<ReturnType<typeof getChunksByIds>>[number];

/**
 * The rows (path, lines, symbol, language, text) of chunks searches returned, most recently
 * used first, up to `maxChars` characters of text: what a search returns again is not read
 * again. These columns of a chunk row are never updated (only its embedding is), and a
 * chunk id is never reused, so a remembered row is never stale; a deleted snapshot's chunks
 * are no longer returned by any search (its index goes with it) and age out.
 */
export class ChunkRows {
  private readonly rows = new Map<number, ChunkRowOfSearch>();
  private chars = 0;

  constructor(
    private readonly db: Database,
    private readonly maxChars = 8_000_000,
  ) {}

  /** The rows of these ids that exist, read from the database only for those not remembered. */
  async get(ids: number[]): Promise<Map<number, ChunkRowOfSearch>> {
    const found = new Map<number, ChunkRowOfSearch>();
    const missing: number[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row) {
        missing.push(id);
        continue;
      }
      // Most recently used last: the first entries are the first to go.
      this.rows.delete(id);
      this.rows.set(id, row);
      found.set(id, row);
    }
    if (missing.length === 0) return found;
    for (const row of await getChunksByIds(this.db, { ids: missing })) {
      found.set(row.id, row);
      this.remember(row);
    }
    return found;
  }

  private remember(row: ChunkRowOfSearch): void {
    if (this.rows.has(row.id) || row.text.length > this.maxChars / 2) return;
    this.rows.set(row.id, row);
    this.chars += row.text.length;
    for (const [id, oldest] of this.rows) {
      if (this.chars <= this.maxChars) break;
      this.rows.delete(id);
      this.chars -= oldest.text.length;
    }
  }
}
