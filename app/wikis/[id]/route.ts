import { route } from "@/lib/http/route";

/** `/wikis/{wiki_id}`: a stable address of one wiki, shown in its repository's wiki page. */
export const GET = route<{ id: string }>(async (_request, { params, principal, services }) => {
  const wiki = await services.wikis.view(principal, params.id);
  // A relative location: behind the custom server, request.url does not carry the real host.
  const location = `/repos/${encodeURIComponent(wiki.repo_id)}/wiki?wiki=${encodeURIComponent(wiki.wiki_id)}`;
  return new Response(null, { status: 302, headers: { location } });
});
