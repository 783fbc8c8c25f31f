import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import type { ModelRegistry } from "../llm/models";
import type { ResearchReport, StartResearchRequest } from "../protocol/research";
import { getSnapshotById } from "../repos/queries";
import type { RepoService } from "../repos/service";
import { getRunById, type RunRow } from "../runs/queries";
import type { RunService, StartedRun } from "../runs/service";
import { usageTotals } from "../usage/queries";
import { type ResearchInput, researchInputSchema } from "./input";
import { listContinuations } from "./queries";
import { continuableParent, reportOf } from "./thread";

export interface ResearchServiceDeps {
  db: Database;
  repos: RepoService;
  runs: RunService;
  models: ModelRegistry;
}

/**
 * Starts a research run: the repository is resolved (and its indexing started) first, so
 * a bad URL is a 400 now rather than a failed run later; the token goes to the vault only.
 */
export async function startResearch(
  deps: ResearchServiceDeps,
  principal: Principal,
  request: StartResearchRequest,
): Promise<StartedRun> {
  // A provider that is not configured is a 400 now rather than a failed run later.
  await deps.models.providerFor(request.provider);
  const parent = request.parent_id
    ? await continuableParent(deps.db, { parentId: request.parent_id, userId: principal.userId })
    : null;
  const inherited = parent ? researchInputSchema.partial().parse(parent.row.input) : {};
  const repoUrl = request.repo_url ?? inherited.repo_url;
  if (!repoUrl) throw new AppError("bad_request:input", "Invalid body: repo_url is required");
  const ref = request.ref ?? (request.repo_url ? undefined : inherited.ref);
  const snapshotId =
    (await pinnedSnapshot(deps.db, request, inherited)) ??
    (await deps.repos.addRepository(principal, { repo_url: repoUrl, ref, token: request.token }))
      .snapshot_id;
  const input: ResearchInput = {
    query: request.query,
    repo_url: repoUrl,
    ...(ref ? { ref } : {}),
    snapshot_id: snapshotId,
    mode: request.mode,
    iterations: request.iterations,
    language: request.language ?? inherited.language ?? "en",
    ...(request.provider ? { provider: request.provider } : {}),
    ...(request.model ? { model: request.model } : {}),
    ...(parent ? { parent_id: parent.row.id } : {}),
    ...(request.max_tokens !== undefined ? { max_tokens: request.max_tokens } : {}),
    ...(request.max_cost !== undefined ? { max_cost: request.max_cost } : {}),
  };
  return deps.runs.startRun({ kind: "research", input, principal, title: request.query });
}

/**
 * A continuation reads the commit its parent read, so the parent's findings, citations and
 * passages already read still hold; naming another repository or a ref resolves it afresh.
 */
async function pinnedSnapshot(
  db: Database,
  request: StartResearchRequest,
  inherited: Partial<ResearchInput>,
): Promise<string | null> {
  if (!inherited.snapshot_id || request.ref !== undefined) return null;
  if (request.repo_url !== undefined && request.repo_url !== inherited.repo_url) return null;
  const snapshot = await getSnapshotById(db, { id: inherited.snapshot_id });
  return snapshot && snapshot.status !== "failed" ? snapshot.id : null;
}

/**
 * `GET /api/report/{id}`: the finished report. 409 while the run is queued or in progress
 * (its text so far is in the `partial` events), 404 when it ended without one.
 */
export async function getResearchReport(
  deps: Pick<ResearchServiceDeps, "runs" | "db">,
  principal: Principal,
  runId: string,
): Promise<ResearchReport> {
  const row = await deps.runs.getRun(principal, runId);
  if (row.kind !== "research") throw new AppError("not_found:report", "This run has no report");
  const status = deps.runs.wireStatus(row);
  if (status === "queued" || status === "in_progress") {
    throw new AppError("conflict:report", `The report is not ready yet: the research is ${status}`);
  }
  const report = reportOf(row);
  if (!report)
    throw new AppError("not_found:report", `The research ended ${status} without a report`);
  // Always the sum of the calls as recorded, whatever the run stored when it ended.
  const usage = await usageTotals(deps.db, { runId: row.id });
  return { ...report, metadata: { ...report.metadata, usage } };
}

export interface ThreadItem {
  id: string;
  parent_id: string | null;
  query: string;
  mode: string;
  status: string;
  created_at: string;
  completed_at: string | null;
}

/**
 * `GET /api/research/{id}/thread`: every research of the conversation this run belongs to,
 * from the first question through all continuations, oldest first.
 */
export async function getResearchThread(
  deps: Pick<ResearchServiceDeps, "runs" | "db">,
  principal: Principal,
  runId: string,
): Promise<{ root_id: string; items: ThreadItem[] }> {
  const row = await deps.runs.getRun(principal, runId);
  if (row.kind !== "research") throw new AppError("not_found:run", "This run is not a research");
  let root = row;
  for (let depth = 0; depth < 100; depth++) {
    const parentId = parentIdOf(root);
    const parent = parentId ? await getRunById(deps.db, { id: parentId }) : null;
    if (!parent || parent.userId !== principal.userId) break;
    root = parent;
  }
  const members: RunRow[] = [root];
  let frontier = [root.id];
  while (frontier.length > 0 && members.length < 500) {
    const children = await listContinuations(deps.db, {
      parentIds: frontier,
      userId: principal.userId,
    });
    members.push(...children);
    frontier = children.map((child) => child.id);
  }
  members.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return {
    root_id: root.id,
    items: members.map((member) => ({
      id: member.id,
      parent_id: parentIdOf(member),
      query: member.title,
      mode: researchInputSchema.partial().safeParse(member.input).data?.mode ?? "detailed",
      status: deps.runs.wireStatus(member),
      created_at: member.createdAt.toISOString(),
      completed_at: member.completedAt?.toISOString() ?? null,
    })),
  };
}

const parentIdOf = (row: RunRow): string | null =>
  researchInputSchema.partial().safeParse(row.input).data?.parent_id ?? null;
