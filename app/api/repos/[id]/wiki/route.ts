import { z } from "zod";
import { readQuery, route } from "@/lib/http/route";
import { languageSchema } from "@/lib/protocol/languages";
import { wikiTypeSchema } from "@/lib/protocol/wiki";

const query = z.object({
  language: languageSchema.optional(),
  wiki_type: wikiTypeSchema.optional(),
});

/** The newest wiki of a repository; 404 when it has none. */
export const GET = route<{ id: string }>(async (request, { params, principal, services }) => {
  const { language, wiki_type } = readQuery(request, query);
  return Response.json(
    await services.wikis.viewOfRepo(principal, params.id, { language, wikiType: wiki_type }),
  );
});
