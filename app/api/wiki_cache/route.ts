import { readJson, readQuery, route } from "@/lib/http/route";
import { storeWikiCacheSchema, wikiCacheQuerySchema } from "@/lib/protocol/deepwiki";
import { DeepWikiCacheService } from "@/lib/wiki/deepwiki-cache";

/** DeepWiki's cached wiki of a repository and language; JSON `null` when there is none. */
export const GET = route(async (request, { principal, services }) => {
  const query = readQuery(request, wikiCacheQuerySchema);
  return Response.json(await new DeepWikiCacheService(services).get(principal, query));
});

/** Stores a wiki sent in DeepWiki's cache shape on a repository Cartograph already has. */
export const POST = route(async (request, { principal, services }) => {
  // Before parsing and storing a wiki of up to 32 MiB that could not be stored anyway.
  services.disk.assertRoom();
  const body = await readJson(request, storeWikiCacheSchema);
  return Response.json(await new DeepWikiCacheService(services).store(principal, body));
});

const deleteCache = route(async (request, { principal, services }) => {
  const query = readQuery(request, wikiCacheQuerySchema);
  return Response.json(await new DeepWikiCacheService(services).delete(principal, query));
});

/** DeepWiki clients send the access code as `authorization_code`; it counts as a bearer token. */
export function DELETE(request: Request, segment: { params: Promise<Record<string, never>> }) {
  const code = new URL(request.url).searchParams.get("authorization_code");
  if (!code || request.headers.has("authorization")) return deleteCache(request, segment);
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${code}`);
  return deleteCache(new Request(request.url, { method: request.method, headers }), segment);
}
