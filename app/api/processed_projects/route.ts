import { route } from "@/lib/http/route";
import { DeepWikiCacheService } from "@/lib/wiki/deepwiki-cache";

/** DeepWiki's list of cached wikis: one per repository and language, newest first. */
export const GET = route(async (_request, { services }) => {
  return Response.json(await new DeepWikiCacheService(services).processedProjects());
});
