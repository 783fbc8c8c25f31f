import { z } from "zod";
import {
  type AddRepositoryResult,
  addRepositoryResultSchema,
  type FileResponse,
  fileResponseSchema,
  type RepositoryDetail,
  type RepositorySummary,
  repositoryDetailSchema,
  repositoryListSchema,
  type SearchResponse,
  searchResponseSchema,
  type TreeResponse,
  treeResponseSchema,
} from "./repo-schemas";

/** A failed API call, with the server's short, safe message and the HTTP status. */
export class RepoApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "RepoApiError";
  }
}

async function request<T>(url: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store", ...init });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new RepoApiError("The server could not be reached", 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new RepoApiError(errorMessage(body, response.status), response.status);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new RepoApiError("The server sent an unexpected answer", 502);
  return parsed.data;
}

/** `{error: {message}}` or `{message}`; a status line when the body has neither. */
function errorMessage(body: unknown, status: number): string {
  if (typeof body === "object" && body !== null) {
    const { error, message } = body as { error?: { message?: unknown }; message?: unknown };
    if (typeof error?.message === "string") return error.message;
    if (typeof message === "string") return message;
  }
  return `Request failed (${status})`;
}

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
  return (await request("/api/repos", repositoryListSchema, { signal })).items;
}

export function getRepository(repoId: string, signal?: AbortSignal): Promise<RepositoryDetail> {
  return request(repoPath(repoId), repositoryDetailSchema, { signal });
}

export interface AddRepositoryInput {
  repo_url: string;
  ref?: string;
  /** Sent once in the body; never in a URL, never stored by the client. */
  token?: string;
  excluded_dirs?: string;
  excluded_files?: string;
  included_dirs?: string;
  included_files?: string;
}

export function addRepository(input: AddRepositoryInput): Promise<AddRepositoryResult> {
  return request("/api/repos", addRepositoryResultSchema, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
}

export async function deleteRepository(repoId: string): Promise<void> {
  await request(repoPath(repoId), z.unknown(), { method: "DELETE" });
}

export function searchRepository(
  repoId: string,
  query: { q: string; k?: number; ref?: string },
  signal?: AbortSignal,
): Promise<SearchResponse> {
  return request(withQuery(`${repoPath(repoId)}/search`, query), searchResponseSchema, { signal });
}

export function fetchTree(
  repoId: string,
  ref?: string,
  signal?: AbortSignal,
): Promise<TreeResponse> {
  return request(withQuery(`${repoPath(repoId)}/tree`, { ref }), treeResponseSchema, { signal });
}

export function fetchFile(
  repoId: string,
  path: string,
  ref?: string,
  signal?: AbortSignal,
): Promise<FileResponse> {
  return request(withQuery(`${repoPath(repoId)}/file`, { path, ref }), fileResponseSchema, {
    signal,
  });
}
