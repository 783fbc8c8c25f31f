import { z } from "zod";
import type { RunEvent } from "./runs";
import { wikiPageStatusSchema } from "./wiki";

// What each kind of run says in the metadata of its log entries (`log_entry.metadata`),
// beside the `phase` every entry has. Views read these fields through the schemas below,
// once per event, and never probe the metadata themselves.

/** A wiki run: the page an entry is about and its new state; `structure` after planning. */
export const wikiProgressSchema = z.object({
  page_id: z.string().optional(),
  page_status: wikiPageStatusSchema.optional(),
  structure: z.boolean().optional(),
});
export type WikiProgress = z.infer<typeof wikiProgressSchema>;

/**
 * A research run: the commit and files the report is written from (logged before
 * writing, so citations link while it streams), and the part of the report written again
 * after a restart.
 */
export const researchProgressSchema = z.object({
  evidence_paths: z.array(z.string()).optional(),
  commit: z.string().optional(),
  rewrite_page_id: z.string().optional(),
});
export type ResearchProgress = z.infer<typeof researchProgressSchema>;

/**
 * An index run: the files of a batch parsed again (the first 50), and how many unchanged
 * ones were reused; at the end (`phase: "done"`), the whole commit's counts.
 */
export const indexProgressSchema = z.object({
  parsed: z.array(z.string()).optional(),
  reused: z.number().int().min(0).optional(),
  summary: z
    .object({
      listed: z.number().int().min(0),
      files: z.number().int().min(0),
      chunks: z.number().int().min(0),
      parsed: z.number().int().min(0),
      reused: z.number().int().min(0),
      skipped: z.record(z.string(), z.number().int().min(0)),
    })
    .optional(),
});
export type IndexProgress = z.infer<typeof indexProgressSchema>;

/** The fields `schema` knows of the event's log entry; null without an entry or when they do not parse. */
export function progressOf<T>(schema: z.ZodType<T>, event: RunEvent): T | null {
  const metadata = event.log_entry?.metadata;
  if (!metadata) return null;
  const parsed = schema.safeParse(metadata);
  return parsed.success ? parsed.data : null;
}
