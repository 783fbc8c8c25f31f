/**
 * What a remote's ref resolved to, remembered for a few minutes: a chat about an indexed
 * repository does not ask the remote (`git ls-remote`, a process and a network round trip)
 * every time. Keyed by whoever could read it (the token's fingerprint), so a cached answer
 * never stands in for an access check another credential has not passed.
 */
export class RemoteCommits<Resolved> {
  private readonly known = new Map<string, { at: number; value: Promise<Resolved> }>();

  constructor(
    private readonly ttlMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1_000,
  ) {}

  /** The remembered answer for `key` while it is fresh (a failure is never remembered). */
  resolve(key: string, resolver: () => Promise<Resolved>): Promise<Resolved> {
    const entry = this.known.get(key);
    if (entry && this.now() - entry.at < this.ttlMs) return entry.value;
    const value = resolver();
    this.known.delete(key);
    this.known.set(key, { at: this.now(), value });
    value.catch(() => {
      if (this.known.get(key)?.value === value) this.known.delete(key);
    });
    while (this.known.size > this.maxEntries) {
      const oldest = this.known.keys().next().value;
      if (oldest === undefined) break;
      this.known.delete(oldest);
    }
    return value;
  }

  /** The remembered answer for `key` while it is fresh, without asking anyone; else undefined. */
  peek(key: string): Promise<Resolved> | undefined {
    const entry = this.known.get(key);
    return entry && this.now() - entry.at < this.ttlMs ? entry.value : undefined;
  }

  /** Forgets a key: the next resolve asks the remote (an explicit refresh). */
  forget(key: string): void {
    this.known.delete(key);
  }
}
