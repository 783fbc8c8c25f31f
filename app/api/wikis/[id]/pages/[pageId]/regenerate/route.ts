import { route } from "@/lib/http/route";

export const POST = route<{ id: string; pageId: string }>(
  async (_request, { params, principal, services }) => {
    const started = await services.wikis.regeneratePage(principal, params.id, params.pageId);
    return Response.json(started, { status: 202 });
  },
);
