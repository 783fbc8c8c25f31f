import { readJson, route } from "@/lib/http/route";
import { startResearchRequestSchema } from "@/lib/protocol/research";
import { startResearch } from "@/lib/research/service";

/** Starts (or, with `parent_id`, continues) a research: PROTOCOLS.md section 4. */
export const POST = route(async (request, { principal, services }) => {
  const body = await readJson(request, startResearchRequestSchema);
  const started = await startResearch(
    {
      db: services.database.db,
      repos: services.repos,
      runs: services.runs,
      models: services.models,
    },
    principal,
    body,
  );
  const id = started.snapshot.research_id;
  return Response.json(
    started.queuePosition
      ? { status: "queued", research_id: id, queue_position: started.queuePosition }
      : { status: "success", research_id: id },
  );
});
