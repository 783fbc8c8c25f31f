import { route } from "@/lib/http/route";
import { getResearchThread } from "@/lib/research/service";

/** The research conversation a run belongs to: the first question and every continuation. */
export const GET = route<{ id: string }>(async (_request, { params, principal, services }) => {
  return Response.json(
    await getResearchThread(
      { runs: services.runs, db: services.database.db },
      principal,
      params.id,
    ),
  );
});
