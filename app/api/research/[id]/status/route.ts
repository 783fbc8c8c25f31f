import { route } from "@/lib/http/route";

export const GET = route<{ id: string }>(async (_request, { params, principal, services }) => {
  const run = await services.runs.getRun(principal, params.id);
  const [snapshot, milestone] = await Promise.all([
    services.runs.snapshotOf(run),
    services.runs.latestMilestone(run.id),
  ]);
  // `query`: the run's history line (its question or repository), for the run page's heading.
  return Response.json({ ...snapshot, query: run.title, log_entry: milestone?.log_entry ?? null });
});
