import { z } from "zod";
import { toAppError } from "@/lib/errors";
import { readQuery, route } from "@/lib/http/route";
import { MISSING_FOLDER } from "@/lib/repos/source-errors";

const querySchema = z.object({ path: z.string().min(1, "path is required").max(4_096) });

/**
 * DeepWiki's `/local_repo/structure`: the file tree (paths joined by newlines) and README
 * of an allow-listed local repository, answered at once while it is indexed in the
 * background. Its clients show `error` as it is: a folder that does not exist answers
 * `404 {error}`, one that is not allowed (or a bad query) `400 {error}`.
 */
export const GET = route(async (request, { principal, services }) => {
  try {
    const { path } = readQuery(request, querySchema);
    return Response.json(await services.repos.structure(principal, path));
  } catch (caught) {
    const error = toAppError(caught, "GET /local_repo/structure");
    if (error.status === 401 || error.status === 403) throw error;
    const status = error.code === MISSING_FOLDER ? 404 : error.status >= 500 ? error.status : 400;
    return Response.json({ error: error.message }, { status });
  }
});
