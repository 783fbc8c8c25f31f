import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readQuery, route } from "@/lib/http/route";
import { getFileSymbols } from "@/lib/repos/queries";

const querySchema = z.object({
  path: z.string().min(1, "path is required").max(4_096),
  ref: z.string().max(255).optional(),
});

/** The outline of one file: the symbols the index stored for it, in line order. */
export const GET = route<{ id: string }>(async (request, { params, principal, services }) => {
  const query = readQuery(request, querySchema);
  const snapshot = await services.repos.resolveSnapshot(principal, params.id, query.ref);
  const file = await getFileSymbols(services.database.db, {
    snapshotId: snapshot.id,
    path: query.path,
  });
  if (!file) throw new AppError("not_found:file", "No such file in this snapshot");
  const symbols = [...file.symbols]
    .sort((a, b) => a.line - b.line)
    .map(({ name, kind, line, exported }) => ({ name, kind, line, exported }));
  return Response.json({ commit: snapshot.commit, path: file.path, symbols });
});
