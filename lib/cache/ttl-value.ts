/**
 * A value loaded on demand and kept for `ttlMs`. Callers that ask while it loads share that
 * load: a burst of requests when it has expired makes one query, not one each.
 */
export class TtlValue<T> {
  private kept: { at: number; value: T } | null = null;
  private loading: Promise<T> | null = null;
  /** Bumped by `forget`: a load that began before it is not kept. */
  private generation = 0;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.kept && this.now() - this.kept.at <= this.ttlMs)
      return Promise.resolve(this.kept.value);
    if (!this.loading) {
      const generation = this.generation;
      // Its age counts from when the load began: what it read may have changed since.
      const at = this.now();
      const loading = this.load()
        .then((value) => {
          if (generation === this.generation) this.kept = { at, value };
          return value;
        })
        .finally(() => {
          if (this.loading === loading) this.loading = null;
        });
      this.loading = loading;
    }
    return this.loading;
  }

  /** The value changed: the next `get` loads it again (a load under way is not kept). */
  forget(): void {
    this.kept = null;
    this.loading = null;
    this.generation += 1;
  }
}
