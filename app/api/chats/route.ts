import { z } from "zod";
import { listChats } from "@/lib/chat/history";
import { readQuery, route } from "@/lib/http/route";

const querySchema = z.object({
  repo_id: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The user's stored conversations, newest first (of one repository with `repo_id`). */
export const GET = route(async (request, { principal, services }) => {
  const query = readQuery(request, querySchema);
  const items = await listChats(services.database.db, principal, {
    repoId: query.repo_id,
    limit: query.limit,
  });
  return Response.json({ items });
});
