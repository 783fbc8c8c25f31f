import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { sessions } from "../db/schema";

export const SESSION_COOKIE = "cartograph_session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** How long a verified session is trusted from memory before the database is asked again. */
const CACHE_MS = 10_000;
const LAST_SEEN_EVERY_MS = 60_000;

export interface SessionRecord {
  idHash: string;
  userId: string;
  expiresAt: Date;
}

export const hashSessionId = (id: string): string => createHash("sha256").update(id).digest("hex");

/** A cookie value we could have issued: 43 base64url characters (32 random bytes). */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sign-in sessions stored server-side. The browser holds a random id; the database holds
 * only its hash, so a leaked table cannot be replayed. Revoking deletes the trust at once
 * in this process and within CACHE_MS in others.
 */
export class SessionStore {
  private readonly cache = new Map<string, { record: SessionRecord | null; at: number }>();

  constructor(private readonly db: Database) {}

  async create(input: {
    userId: string;
    credentialTag: string;
    clientAddress?: string;
    userAgent?: string;
  }): Promise<{ id: string; expiresAt: Date }> {
    const id = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await this.db.insert(sessions).values({
      idHash: hashSessionId(id),
      userId: input.userId,
      credentialTag: input.credentialTag,
      expiresAt,
      clientAddress: input.clientAddress?.slice(0, 100),
      userAgent: input.userAgent?.slice(0, 300),
    });
    return { id, expiresAt };
  }

  /** The live session for a cookie value made with this credential, or null. */
  async verify(id: string, credentialTag: string): Promise<SessionRecord | null> {
    if (!SESSION_ID.test(id)) return null;
    const idHash = hashSessionId(id);
    const key = `${idHash}:${credentialTag}`;
    const cached = this.cache.get(key);
    const now = Date.now();
    if (cached && now - cached.at < CACHE_MS) {
      return cached.record && cached.record.expiresAt.getTime() > now ? cached.record : null;
    }
    const [row] = await this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.idHash, idHash),
          eq(sessions.credentialTag, credentialTag),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date(now)),
        ),
      )
      .limit(1);
    const record = row ? { idHash, userId: row.userId, expiresAt: row.expiresAt } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { record, at: now });
    if (row && now - row.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
      await this.db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.idHash, idHash))
        .catch(() => {});
    }
    return record;
  }

  async revoke(id: string): Promise<void> {
    if (!SESSION_ID.test(id)) return;
    const idHash = hashSessionId(id);
    for (const key of this.cache.keys()) if (key.startsWith(`${idHash}:`)) this.cache.delete(key);
    await this.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt)));
  }

  /** Drops expired and long-revoked rows; cheap enough to run at start and now and then. */
  async prune(): Promise<void> {
    const now = new Date();
    const weekAgo = new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
    await this.db
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, now), lt(sessions.revokedAt, weekAgo)));
  }
}
