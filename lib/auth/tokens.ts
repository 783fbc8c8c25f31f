import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiTokens } from "../db/schema";
import { AppError } from "../errors";
import { hashApiToken, isApiTokenShape, mintApiToken, type TokenScope } from "./api-token";

const LAST_USED_EVERY_MS = 60_000;
const MAX_TOKENS_PER_USER = 100;

export interface TokenRecord {
  id: string;
  userId: string;
  scope: TokenScope;
}

export interface TokenView {
  id: string;
  name: string;
  scope: TokenScope;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/**
 * Personal API tokens. Every request looks its token up in the database (no cache), so a
 * revocation or an expiry takes effect on the next request in every process.
 */
export class TokenStore {
  constructor(private readonly db: Database) {}

  async create(input: {
    userId: string;
    name: string;
    scope: TokenScope;
    expiresInDays?: number;
  }): Promise<{ id: string; token: string; expiresAt: Date | null }> {
    const live = await this.db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, input.userId), isNull(apiTokens.revokedAt)))
      .limit(MAX_TOKENS_PER_USER);
    if (live.length >= MAX_TOKENS_PER_USER)
      throw new AppError(
        "conflict:token",
        `At most ${MAX_TOKENS_PER_USER} live tokens; revoke one first`,
      );
    const { token, hash } = mintApiToken();
    const id = `tok_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
    const expiresAt = input.expiresInDays
      ? new Date(Date.now() + input.expiresInDays * 24 * 60 * 60 * 1000)
      : null;
    await this.db
      .insert(apiTokens)
      .values({ id, userId: input.userId, name: input.name, hash, scope: input.scope, expiresAt });
    return { id, token, expiresAt };
  }

  /** The live token a bearer value names, or null (unknown, revoked, expired). */
  async verify(token: string): Promise<TokenRecord | null> {
    if (!isApiTokenShape(token)) return null;
    const now = new Date();
    const [row] = await this.db
      .select()
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.hash, hashApiToken(token)),
          isNull(apiTokens.revokedAt),
          or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        ),
      )
      .limit(1);
    if (!row) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
      await this.db
        .update(apiTokens)
        .set({ lastUsedAt: now })
        .where(eq(apiTokens.id, row.id))
        .catch(() => {});
    }
    return { id: row.id, userId: row.userId, scope: row.scope };
  }

  async list(userId: string): Promise<TokenView[]> {
    const rows = await this.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.userId, userId))
      .orderBy(desc(apiTokens.createdAt));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      scope: row.scope,
      created_at: row.createdAt.toISOString(),
      expires_at: row.expiresAt?.toISOString() ?? null,
      last_used_at: row.lastUsedAt?.toISOString() ?? null,
      revoked_at: row.revokedAt?.toISOString() ?? null,
    }));
  }

  /** Revokes one of the user's tokens; false when the user has no such live token. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const revoked = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return revoked.length === 1;
  }

  async revokeAll(userId: string): Promise<void> {
    await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  }

  /** Drops tokens revoked or expired more than a month ago. */
  async prune(): Promise<void> {
    const monthAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
    await this.db
      .delete(apiTokens)
      .where(or(lt(apiTokens.revokedAt, monthAgo), lt(apiTokens.expiresAt, monthAgo)));
  }
}
