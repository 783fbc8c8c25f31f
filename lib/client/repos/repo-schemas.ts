import { z } from "zod";
import { visibilitySchema } from "@/lib/protocol/visibility";

// The repository API's answers as the browser reads them (PROTOCOLS.md section 6). They
// belong in lib/protocol/ once the server validates its answers against the same schemas.

export const snapshotStatusSchema = z.enum(["indexing", "ready", "failed"]);
export type SnapshotStatus = z.infer<typeof snapshotStatusSchema>;

export const snapshotSchema = z.object({
  snapshot_id: z.string(),
  commit: z.string(),
  ref: z.string().nullable(),
  status: snapshotStatusSchema,
  file_count: z.number().nullable(),
  chunk_count: z.number().nullable(),
  /** Files of the commit left out, by reason (not in `file_count`). */
  skipped: z.record(z.string(), z.number()).optional(),
  indexed_at: z.string().nullable(),
  research_id: z.string().nullable().optional(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

const repositoryFields = {
  repo_id: z.string(),
  owner: z.string(),
  name: z.string(),
  kind: z.string().optional(),
  source: z.string(),
  default_branch: z.string().nullable(),
  /** Who sees it; `owned`: the viewer may delete it and change its visibility. */
  visibility: visibilitySchema.optional(),
  owned: z.boolean().optional(),
};

export const repositorySummarySchema = z.object({
  ...repositoryFields,
  latest_snapshot: snapshotSchema.nullable(),
});
export type RepositorySummary = z.infer<typeof repositorySummarySchema>;

export const repositoryListSchema = z.object({ items: z.array(repositorySummarySchema) });

export const repositoryDetailSchema = z.object({
  ...repositoryFields,
  snapshots: z.array(snapshotSchema),
});
export type RepositoryDetail = z.infer<typeof repositoryDetailSchema>;

export const addRepositoryResultSchema = z.object({
  repo_id: z.string(),
  snapshot_id: z.string(),
  research_id: z.string().nullable(),
});
export type AddRepositoryResult = z.infer<typeof addRepositoryResultSchema>;

export const searchResultSchema = z.object({
  path: z.string(),
  start_line: z.number().int(),
  end_line: z.number().int(),
  score: z.number(),
  symbol: z.string().optional(),
  snippet: z.string(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const searchResponseSchema = z.object({
  commit: z.string(),
  results: z.array(searchResultSchema),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;

export const treeFileSchema = z.object({
  path: z.string(),
  language: z.string().nullable(),
  size: z.number(),
});
export type TreeFile = z.infer<typeof treeFileSchema>;

export const treeResponseSchema = z.object({ commit: z.string(), files: z.array(treeFileSchema) });
export type TreeResponse = z.infer<typeof treeResponseSchema>;

export const fileResponseSchema = z.object({
  commit: z.string(),
  path: z.string(),
  language: z.string().nullable(),
  content: z.string(),
});
export type FileResponse = z.infer<typeof fileResponseSchema>;

export const outlineSymbolSchema = z.object({
  name: z.string(),
  kind: z.string(),
  line: z.number().int(),
  exported: z.boolean(),
});
export type OutlineSymbol = z.infer<typeof outlineSymbolSchema>;

export const outlineResponseSchema = z.object({
  commit: z.string(),
  path: z.string(),
  symbols: z.array(outlineSymbolSchema),
});
export type OutlineResponse = z.infer<typeof outlineResponseSchema>;
