import { AppError } from "../errors";
import { logger } from "../log";

const log = logger("auth");

export interface SignInLimiterOptions {
  /** Failures a client may make within the window before it is locked out. */
  perClient?: number;
  windowMs?: number;
  /** Failures across all clients within the window before sign-ins are slowed for everyone. */
  global?: number;
  /** While slowed, one sign-in is checked per this many ms across the server. */
  globalSpacingMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Past this wait for a slot, a sign-in is answered 429 instead of queued. */
const MAX_GLOBAL_WAIT_MS = 10_000;

interface ClientRecord {
  failures: number[];
  pending: number;
  lockedUntil: number;
  lockouts: number;
  /** A client that proved it has the code recently is not slowed by a global attack. */
  succeededAt: number;
}

/**
 * Guessing the access code is limited per client and globally. A client is locked out
 * after `perClient` failures in the window, for a period that doubles with each lockout,
 * and every failure past the third is answered a little later than the one before. Past
 * `global` failures from everyone, sign-ins are checked one at a time with a spacing, so a
 * guesser with many addresses gains little while the right code from anyone still works.
 */
export class SignInLimiter {
  private readonly clients = new Map<string, ClientRecord>();
  private globalFailures: number[] = [];
  private nextGlobalSlot = 0;
  private readonly perClient: number;
  private readonly windowMs: number;
  private readonly global: number;
  private readonly spacingMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: SignInLimiterOptions = {}) {
    this.perClient = options.perClient ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.global = options.global ?? 200;
    // Four checks a second server-wide: nothing for guessing a real code, little wait for
    // the right one.
    this.spacingMs = options.globalSpacingMs ?? 250;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Checks `verify` for a client unless it is locked out (429 with Retry-After). Concurrent
   * attempts count before they are answered, so a burst cannot pass the limit together.
   */
  async attempt(client: string, verify: () => boolean | Promise<boolean>): Promise<boolean> {
    const record = this.recordOf(client);
    const now = this.now();
    record.failures = record.failures.filter((at) => at > now - this.windowMs);
    if (record.lockedUntil > now || record.failures.length + record.pending >= this.perClient) {
      const until = Math.max(record.lockedUntil, now + 1_000);
      throw lockedOut((until - now) / 1000);
    }
    record.pending += 1;
    try {
      if (now - record.succeededAt > this.windowMs) await this.waitForGlobalSlot(now);
      const ok = await verify();
      if (ok) {
        record.failures = [];
        record.succeededAt = this.now();
        return true;
      }
      this.recordFailure(client, record);
      const extra = record.failures.length - 3;
      if (extra > 0) await this.sleep(Math.min(100 * 2 ** (extra - 1), 3_000));
      return false;
    } finally {
      record.pending -= 1;
    }
  }

  private recordFailure(client: string, record: ClientRecord): void {
    const now = this.now();
    record.failures.push(now);
    this.globalFailures.push(now);
    log.warn("refused sign-in", { client, failures: record.failures.length });
    if (record.failures.length >= this.perClient) {
      const lockMs = this.windowMs * 2 ** Math.min(record.lockouts, 6);
      record.lockedUntil = now + lockMs;
      record.lockouts += 1;
      record.failures = [];
      log.warn("client locked out of sign-in", { client, seconds: Math.round(lockMs / 1000) });
    }
  }

  /** Under a distributed attack, checks are spaced out across the server. */
  private async waitForGlobalSlot(now: number): Promise<void> {
    this.globalFailures = this.globalFailures.filter((at) => at > now - this.windowMs);
    if (this.globalFailures.length < this.global) return;
    const slot = Math.max(now, this.nextGlobalSlot);
    const wait = slot - now;
    if (wait > MAX_GLOBAL_WAIT_MS) throw lockedOut(wait / 1000);
    this.nextGlobalSlot = slot + this.spacingMs;
    if (wait > 0) await this.sleep(wait);
  }

  private recordOf(client: string): ClientRecord {
    let record = this.clients.get(client);
    if (!record) {
      record = { failures: [], pending: 0, lockedUntil: 0, lockouts: 0, succeededAt: -Infinity };
      this.clients.set(client, record);
      if (this.clients.size > 100_000) this.forgetIdle();
    }
    return record;
  }

  private forgetIdle(): void {
    const now = this.now();
    for (const [client, record] of this.clients) {
      const idle = record.pending === 0 && record.failures.length === 0;
      if (idle && record.lockedUntil < now && now - record.succeededAt > this.windowMs)
        this.clients.delete(client);
    }
  }
}

function lockedOut(seconds: number): AppError {
  return new AppError("rate_limited:sign_in", "Too many failed sign-ins; try again later", {
    retryAfterSeconds: seconds,
  });
}
