/**
 * Access tokens live only in memory, for the run that needs them, and expire. A run
 * resumed after a restart has none: it works from the cached clone or fails saying so.
 */
export class TokenVault {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly ttlMs = 60 * 60_000) {}

  put(key: string, token: string | undefined): void {
    if (!token) return;
    this.tokens.set(key, { token, expiresAt: Date.now() + this.ttlMs });
  }

  get(key: string): string | undefined {
    const entry = this.tokens.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt < Date.now()) {
      this.tokens.delete(key);
      return undefined;
    }
    return entry.token;
  }

  delete(key: string): void {
    this.tokens.delete(key);
  }
}
