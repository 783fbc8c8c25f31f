import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readQuery, route } from "@/lib/http/route";
import { getFileWithContent, listFiles } from "@/lib/repos/queries";

const querySchema = z.object({ path: z.string().min(1, "path is required").max(4_096) });

/**
 * DeepWiki's `/local_repo/structure`: the file tree (paths joined by newlines) and README
 * of an allow-listed local repository, indexing it first when needed.
 */
export const GET = route(async (request, { principal, services }) => {
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
});
