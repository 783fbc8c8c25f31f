import { z } from "zod";
import { getResearchReport } from "../../research/service";
import { defineTool } from "../tool";

/**
 * `GET /api/research/{id}/status` and, once it is completed, `GET /api/report/{id}`. Any
 * run of the caller's answers (an index run from add_repository too); only a research has
 * a report.
 */
export const getResearch = defineTool({
  name: "get_research",
  title: "Get a research's status and report",
  description:
    "Returns a run's status (queued, in_progress, completed, failed, cancelled), progress " +
    "(0-100), phase and latest message; for a completed research, its report (Markdown with " +
    "path:start-end citations) and the sources it rests on. Works for the research_id of " +
    "start_research and of add_repository's indexing. While it is queued or in progress, " +
    "call again in a few seconds.",
  input: z.object({ research_id: z.string().min(1).max(200) }),
  readOnly: true,
  access: "read",
  async run(args, { services, principal }) {
    const run = await services.runs.getRun(principal, args.research_id);
    const [snapshot, milestone] = await Promise.all([
      services.runs.snapshotOf(run),
      services.runs.latestMilestone(run.id),
    ]);
    const report =
      run.kind === "research" && snapshot.status === "completed"
        ? await getResearchReport(
            { runs: services.runs, db: services.database.db },
            principal,
            run.id,
          )
        : null;
    const steps = snapshot.steps ? ` (${snapshot.steps.done}/${snapshot.steps.total})` : "";
    const head = [
      `${run.kind} ${snapshot.research_id}: ${snapshot.status}, ${Math.round(snapshot.progress)}%${steps}`,
      snapshot.phase ? `phase: ${snapshot.phase}` : "",
      snapshot.message ? `message: ${snapshot.message}` : "",
      snapshot.queue_position ? `queue position: ${snapshot.queue_position}` : "",
      snapshot.error ? `error: ${snapshot.error}` : "",
    ].filter(Boolean);
    const citations = report
      ? `Citations: ${report.metadata.citations.valid} verified, ${report.metadata.citations.unverified} unverified.`
      : "";
    return {
      text: report
        ? `${head.join("\n")}\n\n${report.content}\n\n---\n${citations}`
        : `${head.join("\n")}${["queued", "in_progress"].includes(snapshot.status) ? "\nCall get_research again in a few seconds." : ""}`,
      structured: {
        research_id: snapshot.research_id,
        kind: run.kind,
        query: run.title,
        status: snapshot.status,
        progress: snapshot.progress,
        phase: snapshot.phase,
        message: snapshot.message,
        steps: snapshot.steps,
        ...(snapshot.queue_position ? { queue_position: snapshot.queue_position } : {}),
        ...(snapshot.error ? { error: snapshot.error } : {}),
        latest_milestone: milestone?.log_entry?.message ?? null,
        report: report
          ? {
              content: report.content,
              sources: report.sources,
              citations: report.metadata.citations,
            }
          : null,
      },
    };
  },
});
