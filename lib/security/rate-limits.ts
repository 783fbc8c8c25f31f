import { AppError } from "../errors";

/** Token buckets by key: `capacity` requests at once, refilled evenly over `perMs`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    /** Keys remembered; the least recently used are forgotten first (a full bucket). */
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + ((now - bucket.at) / this.perMs) * this.capacity,
    );
    bucket.at = now;
    // Re-inserting keeps the map in least-recently-used order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return ((1 - bucket.tokens) / this.capacity) * (this.perMs / 1000);
  }
}

export type LimitedAction = "chat" | "run" | "unauthenticated" | "signup";

/**
 * Request budgets per principal, taken after authentication so that one principal (a
 * session, a token, or in `none` mode a client address) never spends another's, and
 * requests that failed authentication draw from a bucket of their own.
 */
export class RateLimits {
  private readonly buckets: Record<LimitedAction, TokenBuckets> = {
    chat: new TokenBuckets(60, 60_000),
    // Runs queue behind a per-user concurrency limit; this only stops a start loop.
    run: new TokenBuckets(120, 60_000),
    unauthenticated: new TokenBuckets(120, 60_000),
    // Each sign-up spends a memory-hard hash: a few per address, refilled slowly.
    signup: new TokenBuckets(30, 15 * 60_000),
  };

  /** Throws `rate_limited` (429 / close 1008) with the wait when the budget is spent. */
  take(action: LimitedAction, key: string): void {
    const wait = this.buckets[action].take(key);
    if (wait > 0) {
      throw new AppError(`rate_limited:${action}`, "Too many requests; slow down", {
        retryAfterSeconds: wait,
      });
    }
  }
}
