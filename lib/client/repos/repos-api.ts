import { z } from "zod";
import type { Visibility } from "@/lib/protocol/visibility";
import { requestJson } from "../api/api-request";
import {
  type AddRepositoryResult,
  addRepositoryResultSchema,
  type FileResponse,
  fileResponseSchema,
  type OutlineResponse,
  outlineResponseSchema,
  type RepositoryDetail,
  type RepositorySummary,
  repositoryDetailSchema,
  repositoryListSchema,
  type SearchResponse,
  searchResponseSchema,
  type TreeResponse,
  treeResponseSchema,
} from "./repo-schemas";

const repoPath = (repoId: string) => `/api/repos/${encodeURIComponent(repoId)}`;

function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function listRepositories(signal?: AbortSignal): Promise<RepositorySummary[]> {
  return (await requestJson("/api/repos", repositoryListSchema, { signal })).items;
}

export function getRepository(repoId: string, signal?: AbortSignal): Promise<RepositoryDetail> {
  return requestJson(repoPath(repoId), repositoryDetailSchema, { signal });
}

export interface AddRepositoryInput {
  repo_url: string;
  ref?: string;
  /** Sent once in the body; never in a URL, never stored by the client. */
  token?: string;
  /** Absent: private when a token is sent, else shared. */
  visibility?: Visibility;
  excluded_dirs?: string;
  excluded_files?: string;
  included_dirs?: string;
  included_files?: string;
}

export function addRepository(input: AddRepositoryInput): Promise<AddRepositoryResult> {
  return requestJson("/api/repos", addRepositoryResultSchema, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
}

export function setRepositoryVisibility(
  repoId: string,
  visibility: Visibility,
): Promise<RepositoryDetail> {
  return requestJson(repoPath(repoId), repositoryDetailSchema, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ visibility }),
  });
}

export async function deleteRepository(repoId: string): Promise<void> {
  await requestJson(repoPath(repoId), z.unknown(), { method: "DELETE" });
}

export function searchRepository(
  repoId: string,
  query: { q: string; k?: number; ref?: string },
  signal?: AbortSignal,
): Promise<SearchResponse> {
  return requestJson(withQuery(`${repoPath(repoId)}/search`, query), searchResponseSchema, {
    signal,
  });
}

export function fetchTree(
  repoId: string,
  ref?: string,
  signal?: AbortSignal,
): Promise<TreeResponse> {
  return requestJson(withQuery(`${repoPath(repoId)}/tree`, { ref }), treeResponseSchema, {
    signal,
  });
}

export function fetchFile(
  repoId: string,
  path: string,
  ref?: string,
  signal?: AbortSignal,
): Promise<FileResponse> {
  return requestJson(withQuery(`${repoPath(repoId)}/file`, { path, ref }), fileResponseSchema, {
    signal,
  });
}

/** The symbols the index found in one file, in line order. */
export function fetchOutline(
  repoId: string,
  path: string,
  ref?: string,
  signal?: AbortSignal,
): Promise<OutlineResponse> {
  return requestJson(
    withQuery(`${repoPath(repoId)}/outline`, { path, ref }),
    outlineResponseSchema,
    { signal },
  );
}

/** The address of a file as plain text (`text/plain`, shown in the tab), at a commit. */
export function rawFileHref(repoId: string, path: string, ref: string): string {
  return withQuery(`${repoPath(repoId)}/raw`, { path, ref });
}
