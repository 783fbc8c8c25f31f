import { z } from "zod";
import { DEFAULT_LANGUAGE, languageSchema } from "./languages";

/**
 * DeepWiki's wiki cache and export shapes (PROTOCOLS.md section 5), so its clients and
 * scripts work unchanged. Unknown fields are dropped on the way in, which is also how a
 * `token` in `repo` never reaches storage.
 */

export const deepWikiRepoTypeSchema = z.enum(["github", "gitlab", "bitbucket", "local", "git"]);
export type DeepWikiRepoType = z.infer<typeof deepWikiRepoTypeSchema>;

const idSchema = z.string().trim().min(1).max(200);
// DeepWiki types importance as any string; anything but high, medium or low reads as medium.
const importanceSchema = z.enum(["high", "medium", "low"]).catch("medium");

export const deepWikiPageSchema = z.object({
  id: idSchema,
  title: z.string().max(500),
  content: z.string().max(1_000_000).default(""),
  filePaths: z.array(z.string().max(1_000)).max(500).default([]),
  importance: importanceSchema.default("medium"),
  relatedPages: z.array(z.string().max(200)).max(200).default([]),
});
export type DeepWikiPage = z.output<typeof deepWikiPageSchema>;

export const deepWikiSectionSchema = z.object({
  id: idSchema,
  title: z.string().max(500),
  pages: z.array(z.string().max(200)).max(500).default([]),
  subsections: z.array(z.string().max(200)).max(200).optional(),
});
export type DeepWikiSection = z.output<typeof deepWikiSectionSchema>;

export const deepWikiStructureSchema = z.object({
  id: z.string().max(200).default("wiki"),
  title: z.string().max(500).default(""),
  description: z.string().max(5_000).default(""),
  pages: z.array(deepWikiPageSchema).max(500),
  sections: z.array(deepWikiSectionSchema).max(500).default([]),
  rootSections: z.array(z.string().max(200)).max(500).default([]),
  /** Not DeepWiki's: lets a client say which kind of wiki this is. */
  wiki_type: z.enum(["comprehensive", "concise"]).optional(),
});
export type DeepWikiStructure = z.output<typeof deepWikiStructureSchema>;

export const deepWikiRepoSchema = z.object({
  owner: z.string().trim().min(1).max(300),
  repo: z.string().trim().min(1).max(300),
  type: deepWikiRepoTypeSchema,
  localPath: z.string().max(4_096).nullish(),
  repoUrl: z.string().max(2_000).nullish(),
});
export type DeepWikiRepo = z.output<typeof deepWikiRepoSchema>;

export const storeWikiCacheSchema = z.object({
  repo: deepWikiRepoSchema.extend({ token: z.string().max(1_000).nullish() }),
  language: languageSchema,
  wiki_structure: deepWikiStructureSchema,
  generated_pages: z.record(z.string().max(200), deepWikiPageSchema).default({}),
  /** Empty (as DeepWiki's client sends before one is picked) means the server's default. */
  provider: z.string().trim().max(100).default(""),
  model: z.string().trim().max(200).default(""),
  wiki_type: z.enum(["comprehensive", "concise"]).optional(),
  /** DeepWiki's frontend flag for the wiki type. */
  comprehensive: z.boolean().optional(),
});
export type StoreWikiCacheRequest = z.output<typeof storeWikiCacheSchema>;

export const wikiCacheQuerySchema = z.object({
  owner: z.string().trim().min(1).max(300),
  repo: z.string().trim().min(1).max(300),
  repo_type: deepWikiRepoTypeSchema.default("github"),
  language: languageSchema.default(DEFAULT_LANGUAGE),
  /** DeepWiki's authorization code on DELETE (sent as a query parameter). */
  authorization_code: z.string().max(1_000).optional(),
});
export type WikiCacheQuery = z.output<typeof wikiCacheQuerySchema>;

export interface DeepWikiCache {
  wiki_structure: {
    id: string;
    title: string;
    description: string;
    pages: DeepWikiPage[];
    sections: { id: string; title: string; pages: string[]; subsections: string[] }[];
    rootSections: string[];
  };
  generated_pages: Record<string, DeepWikiPage>;
  repo: {
    owner: string;
    repo: string;
    type: DeepWikiRepoType;
    repoUrl?: string;
    localPath?: string;
  };
  provider: string;
  model: string;
}

export interface ProcessedProject {
  id: string;
  owner: string;
  repo: string;
  name: string;
  repo_type: DeepWikiRepoType;
  /** Milliseconds since the epoch. */
  submittedAt: number;
  language: string;
}

export const exportWikiRequestSchema = z.object({
  repo_url: z.string().trim().min(1).max(2_000),
  pages: z.array(deepWikiPageSchema).max(1_000),
  format: z.enum(["markdown", "json"]),
});
export type ExportWikiRequest = z.output<typeof exportWikiRequestSchema>;

/** `GET /models/config`: every configured provider with its chat models. */
export const modelsConfigSchema = z.object({
  providers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      models: z.array(z.object({ id: z.string(), name: z.string() })),
      supportsCustomModel: z.boolean(),
    }),
  ),
  defaultProvider: z.string(),
});
export type ModelsConfig = z.output<typeof modelsConfigSchema>;
