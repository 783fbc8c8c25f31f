import { z } from "zod";
import { readQuery, route } from "@/lib/http/route";

const querySchema = z.object({
  q: z.string().trim().min(1, "q is required").max(1_000),
  k: z.coerce.number().int().min(1).max(100).default(10),
  ref: z.string().max(255).optional(),
});

export const GET = route<{ id: string }>(async (request, { params, principal, services }) => {
  const query = readQuery(request, querySchema);
  const snapshot = await services.repos.resolveSnapshot(principal, params.id, query.ref);
  const results = await services.search.search(snapshot.id, query.q, query.k);
  return Response.json({
    commit: snapshot.commit,
    results: results.map(({ path, start_line, end_line, score, symbol, snippet }) => ({
      path,
      start_line,
      end_line,
      score,
      ...(symbol ? { symbol } : {}),
      snippet,
    })),
  });
});
