import { z } from "zod";
import { readQuery, route } from "@/lib/http/route";
import { runStatusSchema } from "@/lib/protocol/runs";
import { NO_USAGE } from "@/lib/protocol/usage";
import { usageByRun } from "@/lib/usage/queries";

/** `a,b,c` → ["a", "b", "c"]; absent or empty → undefined (no filter). */
const commaList = z
  .string()
  .max(500)
  .optional()
  .transform((value) => value?.split(",").filter(Boolean));

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  kind: commaList,
  status: commaList.pipe(z.array(runStatusSchema).optional()),
  /** Words the run's query (or repository) contains. */
  q: z
    .string()
    .max(200)
    .optional()
    .transform((value) => value?.trim() || undefined),
});

export const GET = route(async (request, { principal, services }) => {
  const query = readQuery(request, querySchema);
  const page = await services.runs.history({
    principal,
    limit: query.limit,
    offset: query.offset,
    kinds: query.kind,
    statuses: query.status,
    search: query.q,
  });
  const usage = await usageByRun(services.database.db, {
    runIds: page.items.map((item) => item.id),
  });
  return Response.json({
    ...page,
    items: page.items.map((item) => ({ ...item, usage: usage.get(item.id) ?? NO_USAGE })),
  });
});
