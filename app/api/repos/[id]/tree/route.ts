import { z } from "zod";
import { readQuery, route } from "@/lib/http/route";
import { listFiles } from "@/lib/repos/queries";

const querySchema = z.object({ ref: z.string().max(255).optional() });

export const GET = route<{ id: string }>(async (request, { params, principal, services }) => {
  const { ref } = readQuery(request, querySchema);
  const snapshot = await services.repos.resolveSnapshot(principal, params.id, ref);
  const files = await listFiles(services.database.db, { snapshotId: snapshot.id });
  return Response.json({ commit: snapshot.commit, files });
});
