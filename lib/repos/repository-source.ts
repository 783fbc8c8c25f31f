import { createHash } from "node:crypto";
import { z } from "zod";
import { visibilitySchema } from "../protocol/visibility";
import { typeOfHost } from "./host-type";
import type { RepositoryRow } from "./queries";
import type { RepoSource } from "./source";

/** The user's include/exclude patterns, as sent (newline- or comma-separated). */
export const snapshotFiltersSchema = z.object({
  excluded_dirs: z.string().max(10_000).optional(),
  excluded_files: z.string().max(10_000).optional(),
  included_dirs: z.string().max(10_000).optional(),
  included_files: z.string().max(10_000).optional(),
});
export type SnapshotFilters = z.infer<typeof snapshotFiltersSchema>;

/** `POST /api/repos` (PROTOCOLS.md section 6); pure, so the route bundles no git or fs code. */
export const addRepositorySchema = snapshotFiltersSchema.extend({
  repo_url: z.string().min(1).max(2_000),
  ref: z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9._/-]+$/, "ref may hold letters, digits, . _ / - only")
    .refine((ref) => !ref.startsWith("-") && !ref.includes(".."), "ref is not a valid git ref")
    .optional(),
  token: z.string().max(1_000).optional(),
  /** Who sees it (lib/auth/ownership.ts); only when it is added, its owner changes it later. */
  visibility: visibilitySchema.optional(),
});
export type AddRepositoryRequest = z.infer<typeof addRepositorySchema>;

/** Filters normalised so equal sets give equal keys (part of a snapshot's identity). */
export function filtersKey(filters: SnapshotFilters): { filters: SnapshotFilters; key: string } {
  const normalised: SnapshotFilters = {};
  for (const name of [
    "excluded_dirs",
    "excluded_files",
    "included_dirs",
    "included_files",
  ] as const) {
    const items = (filters[name] ?? "")
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter(Boolean)
      .sort();
    if (items.length > 0) normalised[name] = items.join("\n");
  }
  const key = Object.keys(normalised).length
    ? createHash("sha1").update(JSON.stringify(normalised)).digest("hex").slice(0, 16)
    : "default";
  return { filters: normalised, key };
}

/** The source a stored repository row stands for. */
export function repositorySource(row: RepositoryRow): RepoSource {
  if (row.kind === "local") {
    return {
      kind: "local",
      id: row.id,
      type: "local",
      path: row.source,
      owner: row.owner,
      name: row.name,
    };
  }
  const host = row.host ?? new URL(row.source).hostname;
  return {
    kind: "git",
    id: row.id,
    type: typeOfHost(host),
    url: row.source,
    host,
    owner: row.owner,
    name: row.name,
  };
}
