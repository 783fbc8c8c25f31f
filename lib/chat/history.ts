import { z } from "zod";
import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import { citationSchema, sourceItemSchema } from "../protocol/chat";
import type { ChatSummary, StoredChat, StoredMessage } from "../protocol/chats";
import { usageByMessage, usageTotals } from "../usage/queries";
import {
  type ChatRow,
  deleteChatById,
  getChatById,
  listChatSummaries,
  listMessages,
  type MessageRow,
} from "./queries";

// The conversations Ask stores, for the list that follows a user from browser to browser.

/** A user's conversations, newest first; of one repository when `repoId` is given. */
export async function listChats(
  db: Database,
  principal: Principal,
  { repoId, limit }: { repoId?: string; limit: number },
): Promise<ChatSummary[]> {
  const rows = await listChatSummaries(db, { userId: principal.userId, repoId, limit });
  return rows.map((row) => summaryOf(row, row.messageCount));
}

/** One conversation of the user's with its messages; another user's is "not found". */
export async function getStoredChat(
  db: Database,
  principal: Principal,
  chatId: string,
): Promise<StoredChat> {
  const chat = await ownChat(db, principal, chatId);
  const rows = await listMessages(db, { chatId: chat.id });
  const [byMessage, usage] = await Promise.all([
    usageByMessage(db, { messageIds: rows.map((row) => row.id) }),
    usageTotals(db, { chatId: chat.id }),
  ]);
  return {
    ...summaryOf(chat, rows.length),
    messages: rows
      .filter((row) => row.role !== "system")
      .map((row) => {
        const message = messageOf(row);
        const spent = byMessage.get(row.id);
        return spent ? { ...message, usage: spent } : message;
      }),
    usage,
  };
}

export async function deleteChat(db: Database, principal: Principal, chatId: string) {
  const chat = await ownChat(db, principal, chatId);
  await deleteChatById(db, { id: chat.id });
}

async function ownChat(db: Database, principal: Principal, chatId: string): Promise<ChatRow> {
  const chat = await getChatById(db, { id: chatId });
  if (!chat || chat.userId !== principal.userId)
    throw new AppError("not_found:chat", "Conversation not found");
  return chat;
}

const summaryOf = (chat: ChatRow, messageCount: number): ChatSummary => ({
  chat_id: chat.id,
  repo_id: chat.repoId,
  repo_url: chat.repoUrl,
  title: chat.title,
  message_count: messageCount,
  created_at: chat.createdAt.toISOString(),
  updated_at: chat.updatedAt.toISOString(),
});

// Stored JSON is read back leniently: an entry that does not parse is left out.
const storedSources = z.array(z.unknown()).catch([]);

function messageOf(row: MessageRow): StoredMessage {
  return {
    role: row.role === "assistant" ? "assistant" : "user",
    content: row.content,
    commit: row.commit,
    sources: parsedItems(row.sources, sourceItemSchema),
    citations: parsedItems(row.citations, citationSchema),
    created_at: row.createdAt.toISOString(),
  };
}

function parsedItems<T>(value: unknown, schema: z.ZodType<T>): T[] {
  return storedSources
    .parse(value ?? [])
    .map((item) => schema.safeParse(item))
    .filter((parsed) => parsed.success)
    .map((parsed) => parsed.data as T);
}
