import { z } from "zod";
import { readJson, route } from "@/lib/http/route";

const bodySchema = z.object({
  kind: z.string().min(1).max(100),
  input: z.unknown(),
});

/** Starts a run of any kind registered as startable; features have their own endpoints too. */
export const POST = route(async (request, { principal, services }) => {
  const body = await readJson(request, bodySchema);
  const started = await services.runs.startRun({ ...body, principal, publicOnly: true });
  const id = started.snapshot.research_id;
  return Response.json(
    started.queuePosition
      ? { status: "queued", research_id: id, queue_position: started.queuePosition }
      : { status: "success", research_id: id },
  );
});
