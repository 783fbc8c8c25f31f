import { z } from "zod";
import { citationSchema, sourceItemSchema } from "./chat";
import { usageTotalsSchema } from "./usage";

/** One stored conversation in `GET /api/chats`. */
export const chatSummarySchema = z.object({
  chat_id: z.string(),
  repo_id: z.string().nullable(),
  repo_url: z.string(),
  title: z.string(),
  message_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ChatSummary = z.infer<typeof chatSummarySchema>;

export const chatListSchema = z.object({ items: z.array(chatSummarySchema) });

/** One stored message: a question, or an answer with its sources and checked citations. */
export const storedMessageSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  commit: z.string().nullable(),
  sources: z.array(sourceItemSchema),
  citations: z.array(citationSchema),
  created_at: z.string(),
  /** An answer's model usage (PROTOCOLS.md §8); absent on questions. */
  usage: usageTotalsSchema.optional(),
});
export type StoredMessage = z.infer<typeof storedMessageSchema>;

/** `GET /api/chats/{id}`: the conversation with its messages, oldest first. */
export const storedChatSchema = chatSummarySchema.extend({
  messages: z.array(storedMessageSchema),
  /** The whole conversation's model usage. */
  usage: usageTotalsSchema.optional(),
});
export type StoredChat = z.infer<typeof storedChatSchema>;
