import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { invites } from "../db/schema";

type Executor = Pick<Database, "update">;

const hashCode = (code: string) => createHash("sha256").update(code).digest("hex");

export interface InviteView {
  id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A one-time sign-up code; only its hash is stored, so the link is shown once. */
export async function createInvite(
  db: Database,
  input: { createdBy: string; expiresInDays: number },
): Promise<{ id: string; code: string; expiresAt: Date }> {
  const code = randomBytes(24).toString("base64url");
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + input.expiresInDays * 24 * 60 * 60 * 1000);
  await db
    .insert(invites)
    .values({ id, codeHash: hashCode(code), createdBy: input.createdBy, expiresAt });
  return { id, code, expiresAt };
}

/** Marks an unused, unexpired invite used by `userId`; false when there is none. */
export async function consumeInvite(db: Executor, code: string, userId: string): Promise<boolean> {
  const used = await db
    .update(invites)
    .set({ usedAt: new Date(), usedBy: userId })
    .where(
      and(
        eq(invites.codeHash, hashCode(code)),
        isNull(invites.usedAt),
        gt(invites.expiresAt, new Date()),
      ),
    )
    .returning({ id: invites.id });
  return used.length === 1;
}

export async function listInvites(db: Database): Promise<InviteView[]> {
  const rows = await db.select().from(invites).orderBy(desc(invites.createdAt)).limit(200);
  return rows.map((row) => ({
    id: row.id,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    used_at: row.usedAt?.toISOString() ?? null,
  }));
}

/** Withdraws an unused invite. */
export async function deleteInvite(db: Database, id: string): Promise<boolean> {
  const deleted = await db
    .delete(invites)
    .where(and(eq(invites.id, id), isNull(invites.usedAt)))
    .returning({ id: invites.id });
  return deleted.length === 1;
}
