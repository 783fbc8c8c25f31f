import type { RepositoryRow, SnapshotRow } from "./queries";

export interface ReadySnapshot {
  repository: RepositoryRow;
  snapshot: SnapshotRow;
}

/**
 * Ready snapshots found by repository, commit and filters, so that a chat about an indexed
 * commit does not ask the database for them each time. A ready snapshot stays ready and
 * keeps its id and commit until its repository is deleted (`forgetRepository`, called by
 * the deletion itself); what a chat reads of the repository row (id, owner, name) follows
 * from its source and never changes. An entry is kept at most `ttlMs`, so a deletion made
 * by another process sharing the database is noticed within that time.
 */
export class ReadySnapshots {
  private readonly entries = new Map<string, { at: number; value: ReadySnapshot }>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 1_000,
    private readonly now: () => number = performance.now.bind(performance),
  ) {}

  get(key: readonly [repoId: string, commit: string, filtersKey: string]): ReadySnapshot | null {
    const id = key.join("\0");
    const entry = this.entries.get(id);
    if (!entry) return null;
    if (this.now() - entry.at >= this.ttlMs) {
      this.entries.delete(id);
      return null;
    }
    return entry.value;
  }

  /** Remembers a snapshot the database answered as ready (only ready ones: see the class). */
  set(key: readonly [repoId: string, commit: string, filtersKey: string], value: ReadySnapshot) {
    if (value.snapshot.status !== "ready") return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key.join("\0"), { at: this.now(), value });
  }

  forgetRepository(repoId: string): void {
    for (const [id, entry] of this.entries) {
      if (entry.value.repository.id === repoId) this.entries.delete(id);
    }
  }
}
