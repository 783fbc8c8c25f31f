import { readJson, route } from "@/lib/http/route";
import { exportWikiRequestSchema } from "@/lib/protocol/deepwiki";
import { exportDeepWikiPages } from "@/lib/wiki/deepwiki-export";
import { downloadResponse } from "@/lib/wiki/export";

/** DeepWiki's `/export/wiki`: the pages a client holds, as DeepWiki's Markdown or JSON download. */
export const POST = route(
  async (request) => {
    const body = await readJson(request, exportWikiRequestSchema);
    return downloadResponse(exportDeepWikiPages(body));
  },
  { access: "read" },
);
