import { z } from "zod";
import { readJson, readQuery, route } from "@/lib/http/route";
import { startWikiSchema } from "@/lib/protocol/wiki";

/** Starts (or finds cached) a wiki: 202 with the run when one works, 200 when it is cached. */
export const POST = route(async (request, { principal, services }) => {
  const body = await readJson(request, startWikiSchema);
  const started = await services.wikis.start(principal, body);
  return Response.json(started, { status: started.research_id ? 202 : 200 });
});

const listQuery = z.object({ q: z.string().max(200).optional() });

/** The wikis the user sees, newest first (the projects page). */
export const GET = route(async (request, { principal, services }) => {
  const { q } = readQuery(request, listQuery);
  return Response.json({ items: await services.wikis.list(principal, q?.trim() || undefined) });
});
