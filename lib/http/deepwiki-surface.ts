/**
 * DeepWiki's REST surface as its frontend uses it through its own server-side proxy: the
 * requests DEEPWIKI_CLIENT_AUTH=deepwiki opens the way DeepWiki does (reads, and storing a
 * generated wiki). Deleting a cached wiki is not here: it always needs the code. The chat
 * surfaces (/ws/chat and its HTTP fallbacks) check this mode themselves.
 */
const DEEPWIKI_SURFACE = new Set([
  "GET /api/wiki_cache",
  "POST /api/wiki_cache",
  "GET /api/processed_projects",
  "POST /export/wiki",
  "GET /models/config",
  "GET /local_repo/structure",
]);

export function isDeepWikiSurface(method: string, pathname: string): boolean {
  return DEEPWIKI_SURFACE.has(`${method.toUpperCase()} ${pathname.replace(/\/+$/, "")}`);
}
