import type { Database } from "../db/client";
import { AppError } from "../errors";
import { type ResearchReport, researchReportSchema } from "../protocol/research";
import { getRunById, type RunRow } from "../runs/queries";
import { emptyResearchState, type ResearchState } from "./input";

export interface ResearchThread {
  root_id: string;
  /** Run ids from the first research of the thread to this one. */
  thread: string[];
  parent: { id: string; query: string } | null;
  /** Where this run starts: the parent's findings, queries and reading, or nothing. */
  state: ResearchState;
}

/** The report of a finished research run, or null when it has none. */
export function reportOf(row: RunRow): ResearchReport | null {
  if (row.kind !== "research" || row.status !== "completed") return null;
  const parsed = researchReportSchema.safeParse(row.result);
  return parsed.success ? parsed.data : null;
}

/**
 * A research a user may continue: their own, finished, with a report. The same message
 * for every refusal that could reveal another user's run.
 */
export async function continuableParent(
  db: Database,
  { parentId, userId }: { parentId: string; userId: string },
): Promise<{ row: RunRow; report: ResearchReport }> {
  const row = await getRunById(db, { id: parentId });
  if (!row || row.userId !== userId)
    throw new AppError("not_found:run", "The research to continue was not found");
  const report = reportOf(row);
  if (!report) throw new AppError("bad_request:run", "Only a completed research can be continued");
  return { row, report };
}

/** Where a run starts: fresh, or from its parent's findings, sources and queries. */
export async function threadOf(
  db: Database,
  run: { runId: string; userId: string; parentId?: string },
): Promise<ResearchThread> {
  if (!run.parentId) {
    return { root_id: run.runId, thread: [run.runId], parent: null, state: emptyResearchState() };
  }
  const { row, report } = await continuableParent(db, {
    parentId: run.parentId,
    userId: run.userId,
  });
  const previous = report.metadata;
  return {
    root_id: previous.root_id,
    thread: [...previous.thread, run.runId],
    parent: { id: row.id, query: previous.query },
    state: {
      ...emptyResearchState(),
      questions: previous.questions,
      queries: previous.queries,
      read_chunk_ids: previous.read_chunk_ids,
      read_files: previous.read_files,
      findings: previous.findings,
    },
  };
}
