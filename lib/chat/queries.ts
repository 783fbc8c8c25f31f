import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { chats, messages, modelCalls } from "../db/schema";

export type ChatRow = typeof chats.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/**
 * Creates a conversation under an id its client chose; null when that id is taken (by
 * this user's earlier request racing this one, or by anyone else's conversation).
 */
export async function createChatWithId(
  db: Database,
  values: typeof chats.$inferInsert & { id: string },
): Promise<ChatRow | null> {
  const [row] = await db.insert(chats).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/** A listed conversation is one the user's client meant to keep (it sent `chat_id`). */
export async function markChatListed(db: Database, { id }: { id: string }): Promise<void> {
  await db
    .update(chats)
    .set({ listed: true })
    .where(and(eq(chats.id, id), eq(chats.listed, false)));
}

/** Unlisted conversations (external clients' one-off prompts) are kept for a day. */
export async function pruneUnlistedChats(
  db: Database,
  { userId, before }: { userId: string; before: Date },
): Promise<void> {
  await db
    .delete(chats)
    .where(and(eq(chats.userId, userId), eq(chats.listed, false), lt(chats.updatedAt, before)));
}

export async function getChatById(db: Database, { id }: { id: string }): Promise<ChatRow | null> {
  const [row] = await db.select().from(chats).where(eq(chats.id, id)).limit(1);
  return row ?? null;
}

export async function listMessages(
  db: Database,
  { chatId }: { chatId: string },
): Promise<MessageRow[]> {
  return db.select().from(messages).where(eq(messages.chatId, chatId)).orderBy(asc(messages.id));
}

/**
 * Appends messages to a conversation and marks it updated, in one statement (atomic without
 * a transaction's extra round trips); with `create`, the conversation is created by the same
 * statement instead.
 */
export async function appendMessages(
  db: Database,
  {
    chatId,
    rows,
    create,
    callIds = [],
  }: {
    chatId: string;
    rows: Omit<typeof messages.$inferInsert, "chatId">[];
    create?: typeof chats.$inferInsert & { id: string };
    /** Model calls that produced the last row: they are counted against it. */
    callIds?: string[];
  },
): Promise<number[]> {
  if (rows.length === 0 && !create) return [];
  const chat = create
    ? db.$with("chat").as(db.insert(chats).values(create).returning({ id: chats.id }))
    : db
        .$with("chat")
        .as(
          db
            .update(chats)
            .set({ updatedAt: new Date() })
            .where(eq(chats.id, chatId))
            .returning({ id: chats.id }),
        );
  if (rows.length === 0) {
    await db.with(chat).select().from(chat);
    return [];
  }
  // A data-modifying CTE runs to completion whether or not the statement reads it, so the
  // conversation, its messages and the calls' message are written by one statement.
  const inserted = db.$with("inserted").as(
    db
      .insert(messages)
      .values(rows.map((row) => ({ ...row, chatId })))
      .returning({ id: messages.id }),
  );
  const counted = db.$with("counted").as(
    db
      .update(modelCalls)
      .set({ messageId: sql`(select max(${sql.identifier("id")}) from ${inserted})` })
      .where(callIds.length > 0 ? inArray(modelCalls.id, callIds) : sql`false`)
      .returning({ id: modelCalls.id }),
  );
  const ids = await db
    .with(chat, inserted, counted)
    .select({ id: inserted.id })
    .from(inserted)
    .orderBy(inserted.id);
  return ids.map((row) => row.id);
}

export async function deleteChatById(db: Database, { id }: { id: string }): Promise<boolean> {
  const deleted = await db.delete(chats).where(eq(chats.id, id)).returning({ id: chats.id });
  return deleted.length > 0;
}

/** A user's conversations, newest first, each with its number of messages. */
export async function listChatSummaries(
  db: Database,
  { userId, repoId, limit }: { userId: string; repoId?: string; limit: number },
): Promise<(ChatRow & { messageCount: number })[]> {
  const rows = await db
    .select({
      chat: chats,
      // Qualified by hand: in a nested select drizzle writes bare column names.
      messageCount: sql<number>`(select count(*) from "messages" where "messages"."chat_id" = "chats"."id")`,
    })
    .from(chats)
    .where(
      and(
        eq(chats.userId, userId),
        eq(chats.listed, true),
        repoId ? eq(chats.repoId, repoId) : undefined,
      ),
    )
    .orderBy(desc(chats.updatedAt))
    .limit(limit);
  return rows.map((row) => ({ ...row.chat, messageCount: Number(row.messageCount) }));
}
