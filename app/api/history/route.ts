import { z } from "zod";
import { readQuery, route } from "@/lib/http/route";

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  kind: z
    .string()
    .optional()
    .transform((value) => value?.split(",").filter(Boolean)),
});

export const GET = route(async (request, { principal, services }) => {
  const query = readQuery(request, querySchema);
  const page = await services.runs.history({ principal, ...query, kinds: query.kind });
  return Response.json(page);
});
