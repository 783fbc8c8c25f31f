import { readJson, route } from "@/lib/http/route";
import { addRepositorySchema } from "@/lib/repos/repository-source";

/** Adds a repository and indexes the commit: 202 while the index run works, 200 when done before. */
export const POST = route(async (request, { principal, services }) => {
  // Even a repository already indexed is refused: adding one writes clones and rows.
  services.disk.assertRoom();
  const body = await readJson(request, addRepositorySchema);
  const added = await services.repos.addRepository(principal, body);
  return Response.json(added, { status: added.research_id ? 202 : 200 });
});

/** The repositories the user sees: their own and the shared ones. */
export const GET = route(async (_request, { principal, services }) => {
  return Response.json({ items: await services.repos.list(principal) });
});
