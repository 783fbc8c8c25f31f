import { route } from "@/lib/http/route";
import { usageTotals } from "@/lib/usage/queries";

export const GET = route<{ id: string }>(async (_request, { params, principal, services }) => {
  const run = await services.runs.getRun(principal, params.id);
  const [snapshot, milestone, usage] = await Promise.all([
    services.runs.snapshotOf(run),
    services.runs.latestMilestone(run.id),
    usageTotals(services.database.db, { runId: run.id }),
  ]);
  // For the run page: `query`, the run's history line (its question or repository), and what
  // the run is about (`repo_url` of a research, `wiki_id` of a wiki generation) when it says.
  const input = run.input as { repo_url?: unknown; wiki_id?: unknown };
  return Response.json({
    ...snapshot,
    query: run.title,
    ...(typeof input.repo_url === "string" ? { repo_url: input.repo_url } : {}),
    ...(typeof input.wiki_id === "string" ? { wiki_id: input.wiki_id } : {}),
    log_entry: milestone?.log_entry ?? null,
    usage,
  });
});
