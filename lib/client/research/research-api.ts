import { z } from "zod";
import {
  type ResearchReport,
  researchReportSchema,
  type StartResearchRequest,
} from "@/lib/protocol/research";
import { ApiError, postJson, requestJson } from "../api/api-request";

const startReplySchema = z.union([
  z.object({ status: z.literal("success"), research_id: z.string() }),
  z.object({
    status: z.literal("queued"),
    research_id: z.string(),
    queue_position: z.number(),
  }),
]);
export type StartResearchReply = z.infer<typeof startReplySchema>;

export type StartResearchInput = Partial<StartResearchRequest> &
  Pick<StartResearchRequest, "query">;

/** `POST /api/start_research`: a new research, or a continuation with `parent_id`. */
export async function startResearch(input: StartResearchInput): Promise<StartResearchReply> {
  return requestJson("/api/start_research", startReplySchema, postJson(input));
}

/** `GET /api/report/{id}`; null while the run has no report (not finished, or not research). */
export async function fetchReport(
  runId: string,
  signal?: AbortSignal,
): Promise<ResearchReport | null> {
  try {
    return await requestJson(`/api/report/${encodeURIComponent(runId)}`, researchReportSchema, {
      signal,
    });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return null;
    throw error;
  }
}

/** A source as the repository list spells it: no `.git`, no trailing slash, host in lower case. */
function normalSource(url: string): string {
  let value = url
    .trim()
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "");
  if (/^[\w.-]+\/[\w.-]+$/.test(value)) value = `https://github.com/${value}`;
  return value.replace(
    /^(https?:\/\/)([^/]+)/i,
    (_, scheme: string, host: string) => `${scheme.toLowerCase()}${host.toLowerCase()}`,
  );
}

/** The listed repository a research's `repo_url` names, if any. */
export function findRepositoryId(
  repos: readonly { repo_id: string; source: string }[],
  repoUrl: string,
): string | null {
  const wanted = normalSource(repoUrl);
  return repos.find((repo) => normalSource(repo.source) === wanted)?.repo_id ?? null;
}

const threadSchema = z.object({
  root_id: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      parent_id: z.string().nullable(),
      query: z.string(),
      status: z.string(),
      created_at: z.string(),
    }),
  ),
});
export type ResearchThread = z.infer<typeof threadSchema>;

/** `GET /api/research/{id}/thread`: the first question and every continuation, oldest first. */
export async function fetchResearchThread(
  runId: string,
  signal?: AbortSignal,
): Promise<ResearchThread> {
  return requestJson(`/api/research/${encodeURIComponent(runId)}/thread`, threadSchema, {
    signal,
  });
}
