import { z } from "zod";
import { readQuery, route } from "@/lib/http/route";
import { MAX_SEQ } from "@/lib/protocol/runs";

const querySchema = z.object({
  after_seq: z.coerce.number().int().min(0).max(MAX_SEQ).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const GET = route<{ id: string }>(async (request, { params, principal, services }) => {
  const { after_seq: afterSeq, limit } = readQuery(request, querySchema);
  const run = await services.runs.getRun(principal, params.id);
  const events = await services.runs.listEvents(run.id, afterSeq, limit);
  const nextSeq = events.at(-1)?.seq ?? afterSeq;
  return Response.json({ events, next_seq: nextSeq, status: services.runs.wireStatus(run) });
});
