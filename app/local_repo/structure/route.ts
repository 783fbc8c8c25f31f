import { z } from "zod";
import { AppError, toAppError } from "@/lib/errors";
import { type RouteContext, readQuery, route } from "@/lib/http/route";
import { getFileWithContent, listFiles } from "@/lib/repos/queries";

const querySchema = z.object({ path: z.string().min(1, "path is required").max(4_096) });

/**
 * DeepWiki's `/local_repo/structure`: the file tree (paths joined by newlines) and README
 * of an allow-listed local repository, indexing it first when needed. Its clients show
 * `error` as it is, so a refusal answers DeepWiki's `400 {error: "…"}`.
 */
export const GET = route(async (request, context) => {
  try {
    return await structureOf(request, context);
  } catch (caught) {
    const error = toAppError(caught, "GET /local_repo/structure");
    if (error.status === 401 || error.status === 403) throw error;
    return Response.json(
      { error: error.message },
      { status: error.status < 500 ? 400 : error.status },
    );
  }
});

async function structureOf(
  request: Request,
  { principal, services }: RouteContext<Record<string, never>>,
): Promise<Response> {
  const { path } = readQuery(request, querySchema);
  const source = await services.repos.parseSource(path);
  if (source.kind !== "local")
    throw new AppError("bad_request:repo", "path must be a local folder");
  const { snapshot } = await services.repos.ensureIndexed(
    principal,
    { repo_url: path },
    request.signal,
  );
  const files = await listFiles(services.database.db, { snapshotId: snapshot.id });
  const readmePath = files.map((file) => file.path).find((file) => /^readme(\.\w+)?$/i.test(file));
  const readme = readmePath
    ? ((
        await getFileWithContent(services.database.db, {
          snapshotId: snapshot.id,
          path: readmePath,
        })
      )?.content ?? "")
    : "";
  return Response.json({ file_tree: files.map((file) => file.path).join("\n"), readme });
}
