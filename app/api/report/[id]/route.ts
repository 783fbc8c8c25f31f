import { route } from "@/lib/http/route";
import { getResearchReport } from "@/lib/research/service";

/** `{content, sources, metadata}` of a finished research; 409 while it runs, 404 without one. */
export const GET = route<{ id: string }>(async (_request, { params, principal, services }) => {
  return Response.json(
    await getResearchReport(
      { runs: services.runs, db: services.database.db },
      principal,
      params.id,
    ),
  );
});
