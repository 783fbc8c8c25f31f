import { z } from "zod";
import { languageSchema } from "./languages";
import { stepsSchema } from "./runs";
import { usageTotalsSchema } from "./usage";

export const chatRoleSchema = z.enum(["user", "assistant", "system"]);

/**
 * A message may be as long as the request frame allows (PROTOCOLS.md: 8 MiB, and a
 * character takes at least a byte): DeepWiki sends a whole file tree and README as one
 * message. What does not fit the model's window is cut in its middle, not refused.
 */
export const MAX_MESSAGE_CHARS = 8 * 1024 * 1024;

export const chatMessageSchema = z.object({
  role: chatRoleSchema,
  content: z.string().max(MAX_MESSAGE_CHARS),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

const patternList = z.string().max(10_000).optional();

/** The one request frame of `/ws/chat` and the body of the HTTP fallback (PROTOCOLS.md 1–2). */
export const chatRequestSchema = z
  .object({
    repo_url: z.string().min(1).max(2_000),
    messages: z.array(chatMessageSchema).min(1, "messages must not be empty").max(200),
    filePath: z.string().max(4_096).optional(),
    /**
     * More repo-relative files added to the context: the files of the wiki page the user is
     * reading. Unknown paths are skipped (the page may be of another commit). Cartograph's own.
     */
    filePaths: z.array(z.string().max(4_096)).max(20).optional(),
    /** The title of the wiki page the user is reading; the prompt says so. Cartograph's own. */
    page_title: z.string().trim().max(300).optional(),
    token: z.string().max(1_000).optional(),
    type: z.enum(["github", "gitlab", "bitbucket", "local", "git"]).optional(),
    provider: z.string().max(100).optional(),
    model: z.string().max(200).optional(),
    language: languageSchema.optional(),
    excluded_dirs: patternList,
    excluded_files: patternList,
    included_dirs: patternList,
    included_files: patternList,
    ref: z.string().max(255).optional(),
    chat_id: z.string().max(100).optional(),
    stream: z.enum(["text", "events"]).optional(),
  })
  .refine((request) => request.messages.at(-1)?.role === "user", {
    message: "the last message must be from the user",
    path: ["messages"],
  });
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const DEEP_RESEARCH_MARKER = "[DEEP RESEARCH]";

export const sourceItemSchema = z.object({
  path: z.string(),
  start_line: z.number().int(),
  end_line: z.number().int(),
  score: z.number(),
  /** The declaration the passage holds (`Cart.applyDiscount`), when the index knows it. */
  symbol: z.string().optional(),
});
export type SourceItem = z.infer<typeof sourceItemSchema>;

export const citationSchema = z.object({
  text: z.string(),
  path: z.string(),
  start_line: z.number().int(),
  end_line: z.number().int(),
  valid: z.boolean(),
});
export type Citation = z.infer<typeof citationSchema>;

/** One frame of `stream: "events"`. */
export const chatEventSchema = z.discriminatedUnion("type", [
  /**
   * Before `meta`, while the repository is being indexed: the index run's progress, e.g.
   * `{type: "progress", phase: "indexing", message: "Parsed 1200 of 8600 files", progress: 42,
   * steps: {done: 1200, total: 8600}}`. Text mode sends nothing meanwhile.
   */
  z.object({
    type: z.literal("progress"),
    phase: z.literal("indexing"),
    message: z.string(),
    progress: z.number().min(0).max(100),
    steps: stepsSchema.optional(),
  }),
  z.object({
    type: z.literal("meta"),
    chat_id: z.string(),
    repo: z.object({ owner: z.string(), name: z.string(), commit: z.string() }),
    provider: z.string(),
    model: z.string(),
  }),
  z.object({ type: z.literal("sources"), items: z.array(sourceItemSchema) }),
  z.object({
    type: z.literal("stage"),
    stage: z.enum(["plan", "update", "conclusion"]),
    iteration: z.number().int().positive(),
  }),
  z.object({ type: z.literal("delta"), text: z.string() }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
  z.object({
    type: z.literal("done"),
    finish_reason: z.string(),
    /** What the answer's model calls spent (PROTOCOLS.md §8); zeros without a model. */
    usage: usageTotalsSchema,
    /** Every `path:line` the answer cites, checked against the snapshot. */
    citations: z.array(citationSchema).optional(),
  }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;
