import { route } from "@/lib/http/route";
import { DeepWikiCacheService } from "@/lib/wiki/deepwiki-cache";

/** DeepWiki's list of cached wikis the user sees: one per repository and language, newest first. */
export const GET = route(async (_request, { principal, services }) => {
  return Response.json(await new DeepWikiCacheService(services).processedProjects(principal));
});
