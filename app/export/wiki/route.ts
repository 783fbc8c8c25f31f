import { readJson, route } from "@/lib/http/route";
import { exportWikiRequestSchema } from "@/lib/protocol/deepwiki";
import { downloadResponse, exportDeepWikiPages } from "@/lib/wiki/export";

/** DeepWiki's `/export/wiki`: the pages a client holds, as a Markdown or JSON download. */
export const POST = route(async (request) => {
  const body = await readJson(request, exportWikiRequestSchema);
  return downloadResponse(exportDeepWikiPages(body));
});
