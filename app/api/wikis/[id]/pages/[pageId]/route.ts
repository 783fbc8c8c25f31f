import { route } from "@/lib/http/route";

/** One page of a wiki, read again by the browser when the run writing it finishes it. */
export const GET = route<{ id: string; pageId: string }>(
  async (_request, { params, principal, services }) => {
    return Response.json(await services.wikis.pageView(principal, params.id, params.pageId));
  },
);
