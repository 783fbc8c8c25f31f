import { z } from "zod";
import { readJson, route } from "@/lib/http/route";
import { visibilitySchema } from "@/lib/protocol/visibility";

export const GET = route<{ id: string }>(async (_request, { params, principal, services }) => {
  return Response.json(await services.repos.get(principal, params.id));
});

const patchSchema = z.object({ visibility: visibilitySchema });

/** The owner shares a repository with everyone or makes it private again. */
export const PATCH = route<{ id: string }>(async (request, { params, principal, services }) => {
  const { visibility } = await readJson(request, patchSchema);
  return Response.json(await services.repos.setVisibility(principal, params.id, visibility));
});

/** Only the owner deletes: 404 when the repository is hidden, 403 when shared by someone else. */
export const DELETE = route<{ id: string }>(async (_request, { params, principal, services }) => {
  await services.repos.delete(principal, params.id);
  return Response.json({ status: "success" });
});
