import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readQuery, route } from "@/lib/http/route";
import { getFileWithContent } from "@/lib/repos/queries";
import { rawFileHeaders } from "@/lib/repos/raw-file";

const querySchema = z.object({
  path: z.string().min(1, "path is required").max(4_096),
  ref: z.string().max(255).optional(),
});

/**
 * A file of the snapshot as plain text, to read or save (the source viewer's Raw). Always
 * `text/plain` with `nosniff`, whatever the file holds: an indexed `.html` or `.svg` is
 * shown as its text, never run as a page of this origin. Any path not in the snapshot is a 404.
 */
export const GET = route<{ id: string }>(async (request, { params, principal, services }) => {
  const query = readQuery(request, querySchema);
  const snapshot = await services.repos.resolveSnapshot(principal, params.id, query.ref);
  const file = await getFileWithContent(services.database.db, {
    snapshotId: snapshot.id,
    path: query.path,
  });
  if (!file) throw new AppError("not_found:file", "No such file in this snapshot");
  return new Response(file.content, { headers: rawFileHeaders(file.path) });
});
