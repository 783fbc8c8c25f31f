import { z } from "zod";
import {
  type ResearchReport,
  researchReportSchema,
  type StartResearchRequest,
} from "@/lib/protocol/research";

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

/** A refusal of the research API, with its short, safe message and HTTP status. */
export class ResearchApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ResearchApiError";
  }
}

async function readReply(response: Response): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const { message, error } = (body ?? {}) as { message?: unknown; error?: { message?: unknown } };
  const text =
    typeof message === "string"
      ? message
      : typeof error?.message === "string"
        ? error.message
        : response.status === 429
          ? "The server is at capacity; try again shortly"
          : `Request failed (${response.status})`;
  throw new ResearchApiError(text, response.status);
}

/** `POST /api/start_research`: a new research, or a continuation with `parent_id`. */
export async function startResearch(input: StartResearchInput): Promise<StartResearchReply> {
  let response: Response;
  try {
    response = await fetch("/api/start_research", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
  } catch {
    throw new ResearchApiError("The server could not be reached", 0);
  }
  const parsed = startReplySchema.safeParse(await readReply(response));
  if (!parsed.success) throw new ResearchApiError("The server sent an unexpected answer", 502);
  return parsed.data;
}

/** `GET /api/report/{id}`; null while the run has no report (not finished, or not research). */
export async function fetchReport(
  runId: string,
  signal?: AbortSignal,
): Promise<ResearchReport | null> {
  const response = await fetch(`/api/report/${encodeURIComponent(runId)}`, {
    signal,
    cache: "no-store",
  });
  if (response.status === 404 || response.status === 409) return null;
  const parsed = researchReportSchema.safeParse(await readReply(response));
  if (!parsed.success) throw new ResearchApiError("The server sent an unexpected report", 502);
  return parsed.data;
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
  const response = await fetch(`/api/research/${encodeURIComponent(runId)}/thread`, {
    signal,
    cache: "no-store",
  });
  const parsed = threadSchema.safeParse(await readReply(response));
  if (!parsed.success) throw new ResearchApiError("The server sent an unexpected thread", 502);
  return parsed.data;
}
