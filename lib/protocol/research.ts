import { z } from "zod";
import { languageSchema } from "./languages";
import { runBudgetSchema, usageTotalsSchema } from "./usage";

/** `POST /api/start_research` (PROTOCOLS.md section 4), plus `parent_id` to continue a research. */
export const startResearchRequestSchema = z.object({
  query: z.string().trim().min(1, "query is required").max(4_000),
  repo_url: z.string().min(1).max(2_000).optional(),
  ref: z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9._/-]+$/, "ref may hold letters, digits, . _ / - only")
    .optional(),
  token: z.string().max(1_000).optional(),
  mode: z.enum(["quick", "detailed"]).default("detailed"),
  iterations: z.coerce.number().int().min(1).max(10).default(5),
  language: languageSchema.optional(),
  provider: z.string().max(100).optional(),
  model: z.string().max(200).optional(),
  parent_id: z.string().min(1).max(200).optional(),
  ...runBudgetSchema.shape,
});
export type StartResearchRequest = z.infer<typeof startResearchRequestSchema>;

/** One passage the report rests on; `cited` when the report itself cites it. */
export const researchSourceSchema = z.object({
  path: z.string(),
  start_line: z.number().int(),
  end_line: z.number().int(),
  cited: z.boolean(),
  score: z.number().optional(),
  /** The declaration the passage holds, when the index knows it. */
  symbol: z.string().optional(),
});
export type ResearchSource = z.infer<typeof researchSourceSchema>;

/** A claim recorded during an iteration, with the `path:start-end` citations that support it. */
export const researchFindingSchema = z.object({
  claim: z.string(),
  citations: z.array(z.string()),
  iteration: z.number().int(),
});
export type ResearchFinding = z.infer<typeof researchFindingSchema>;

/** `GET /api/report/{id}` and the `result` event of a research run (stored in `runs.result`). */
export const researchReportSchema = z.object({
  content: z.string(),
  sources: z.array(researchSourceSchema),
  metadata: z.object({
    query: z.string(),
    mode: z.enum(["quick", "detailed"]),
    /** Iterations actually run (fewer than asked when the evidence was complete early). */
    iterations: z.number().int(),
    iterations_requested: z.number().int(),
    repo_url: z.string(),
    ref: z.string().nullable(),
    commit: z.string(),
    provider: z.string(),
    model: z.string(),
    language: z.string(),
    parent_id: z.string().nullable(),
    root_id: z.string(),
    /** Run ids from the first research of the thread to this one. */
    thread: z.array(z.string()),
    questions: z.array(z.object({ text: z.string(), open: z.boolean() })),
    findings: z.array(researchFindingSchema),
    /** Every search query run in this thread, in order; a continuation never reruns one. */
    queries: z.array(z.string()),
    /** Queries this run added (the rest came from the thread). */
    new_queries: z.array(z.string()),
    read_chunk_ids: z.array(z.number().int()),
    read_files: z.array(z.string()),
    citations: z.object({ valid: z.number().int(), unverified: z.number().int() }),
    /** False when no model was configured: the report is ranked passages, not prose. */
    model_written: z.boolean(),
    /** What the run's model calls spent (PROTOCOLS.md §8). */
    usage: usageTotalsSchema.optional(),
    /** Set when the run's budget stopped it: why, and that the report is partial. */
    budget_reached: z.string().nullable().optional(),
  }),
});
export type ResearchReport = z.infer<typeof researchReportSchema>;
export type ResearchMetadata = ResearchReport["metadata"];
