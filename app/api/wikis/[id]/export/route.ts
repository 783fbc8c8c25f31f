import { z } from "zod";
import { readQuery, route } from "@/lib/http/route";
import { exportFormatSchema } from "@/lib/protocol/wiki";
import { downloadResponse, exportWiki } from "@/lib/wiki/export";

const query = z.object({ format: exportFormatSchema.default("markdown") });

/** A stored wiki as a download: one Markdown file, a zip of folders, or JSON. */
export const GET = route<{ id: string }>(async (request, { params, principal, services }) => {
  const { format } = readQuery(request, query);
  return downloadResponse(exportWiki(await services.wikis.view(principal, params.id), format));
});
