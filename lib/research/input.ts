import { z } from "zod";
import type { ResearchFinding } from "../protocol/research";
import { runBudgetSchema } from "../protocol/usage";

/** The stored input of a `research` run. Access tokens never appear here: they stay in the vault. */
export const researchInputSchema = z.object({
  query: z.string().min(1).max(4_000),
  repo_url: z.string().min(1).max(2_000),
  ref: z.string().max(255).optional(),
  /** The snapshot `POST /api/start_research` resolved (and started indexing, if needed). */
  snapshot_id: z.string().min(1),
  mode: z.enum(["quick", "detailed"]).default("detailed"),
  iterations: z.number().int().min(1).max(10).default(5),
  language: z.string().min(2).max(10).default("en"),
  provider: z.string().max(100).optional(),
  model: z.string().max(200).optional(),
  parent_id: z.string().min(1).max(200).optional(),
  ...runBudgetSchema.shape,
});
export type ResearchInput = z.infer<typeof researchInputSchema>;

/** What a research knows between steps; stored with each step, so a resumed run continues from it. */
export interface ResearchState {
  questions: { text: string; open: boolean }[];
  /** Every query run in the thread, in order. */
  queries: string[];
  /** Queries to run in the next iteration (filtered against `queries` before running). */
  pending_queries: string[];
  /** Files the model asked to read in full. */
  pending_files: string[];
  read_chunk_ids: number[];
  read_files: string[];
  findings: ResearchFinding[];
  complete: boolean;
}

export const emptyResearchState = (): ResearchState => ({
  questions: [],
  queries: [],
  pending_queries: [],
  pending_files: [],
  read_chunk_ids: [],
  read_files: [],
  findings: [],
  complete: false,
});

/** The plan the model returns. */
export const researchPlanSchema = z.object({
  sub_questions: z.array(z.string().min(1)).min(1).max(8),
  queries: z.array(z.string().min(1)).min(1).max(10),
});

/** What the model returns after reading an iteration's passages. */
export const iterationOutcomeSchema = z.object({
  findings: z
    .array(z.object({ claim: z.string().min(1), citations: z.array(z.string()).default([]) }))
    .default([]),
  open_questions: z.array(z.string()).default([]),
  next_queries: z.array(z.string()).default([]),
  files_to_read: z.array(z.string()).default([]),
  complete: z.boolean(),
});

export const reportOutlineSchema = z.object({
  title: z.string().min(1),
  sections: z
    .array(z.object({ heading: z.string().min(1), focus: z.string().default("") }))
    .min(1)
    .max(8),
});
export type ReportOutline = z.infer<typeof reportOutlineSchema>;

/** Queries compare by their words, so "Retry  backoff" and "retry backoff" count as one. */
export const normalizeQuery = (query: string) => query.toLowerCase().replace(/\s+/g, " ").trim();
