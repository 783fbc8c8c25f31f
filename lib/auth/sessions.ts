import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, ne, or } from "drizzle-orm";
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

export interface SessionView {
  id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  client_address: string | null;
  user_agent: string | null;
  current: boolean;
}

/** The tag a session must carry: fixed (the access code's), or per user (their password generation). */
export type ExpectedTag = string | ((userId: string) => Promise<string | null>);

interface CachedSession extends SessionRecord {
  credentialTag: string;
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
  private readonly cache = new Map<string, { record: CachedSession | null; at: number }>();

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

  /** The live session for a cookie value made with the expected credential, or null. */
  async verify(id: string, expected: ExpectedTag): Promise<SessionRecord | null> {
    if (!SESSION_ID.test(id)) return null;
    const record = await this.lookup(hashSessionId(id));
    if (!record || record.expiresAt.getTime() <= Date.now()) return null;
    const tag = typeof expected === "string" ? expected : await expected(record.userId);
    if (tag === null || tag !== record.credentialTag) return null;
    return { idHash: record.idHash, userId: record.userId, expiresAt: record.expiresAt };
  }

  private async lookup(idHash: string): Promise<CachedSession | null> {
    const cached = this.cache.get(idHash);
    const now = Date.now();
    if (cached && now - cached.at < CACHE_MS) return cached.record;
    const [row] = await this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.idHash, idHash),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date(now)),
        ),
      )
      .limit(1);
    const record = row
      ? { idHash, userId: row.userId, expiresAt: row.expiresAt, credentialTag: row.credentialTag }
      : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(idHash, { record, at: now });
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
    await this.revokeByHash(hashSessionId(id));
  }

  /** Revokes one of a user's sessions by the id the sessions list shows; false if none. */
  async revokeOwn(userId: string, idHash: string): Promise<boolean> {
    this.cache.delete(idHash);
    const revoked = await this.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(
        and(eq(sessions.idHash, idHash), eq(sessions.userId, userId), isNull(sessions.revokedAt)),
      )
      .returning({ idHash: sessions.idHash });
    return revoked.length === 1;
  }

  /** Ends every session of a user, but the one given (a password change keeps its own). */
  async revokeAllOf(userId: string, except?: string): Promise<void> {
    for (const [key, entry] of this.cache) {
      if (entry.record?.userId === userId && key !== except) this.cache.delete(key);
    }
    await this.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          except ? ne(sessions.idHash, except) : undefined,
        ),
      );
  }

  /** A user's live sessions, newest first; `current` marks the one asking. */
  async list(userId: string, currentIdHash?: string): Promise<SessionView[]> {
    const rows = await this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(sessions.lastSeenAt))
      .limit(200);
    return rows.map((row) => ({
      id: row.idHash,
      created_at: row.createdAt.toISOString(),
      last_seen_at: row.lastSeenAt.toISOString(),
      expires_at: row.expiresAt.toISOString(),
      client_address: row.clientAddress,
      user_agent: row.userAgent,
      current: row.idHash === currentIdHash,
    }));
  }

  private async revokeByHash(idHash: string): Promise<void> {
    this.cache.delete(idHash);
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
