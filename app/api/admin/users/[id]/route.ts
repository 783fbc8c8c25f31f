import { z } from "zod";
import { assertAdmin } from "@/lib/auth/guard";
import { parseWith, readJson, route } from "@/lib/http/route";
import { userChangeSchema } from "@/lib/protocol/accounts";

const idSchema = z.string().min(1).max(100);

/** Changes a user's role or disables them (their sessions and tokens end at once); admins only. */
export const PATCH = route<{ id: string }>(async (request, { params, principal, services }) => {
  assertAdmin(principal);
  const id = parseWith(idSchema, params.id, "path");
  const change = await readJson(request, userChangeSchema);
  return Response.json({ user: await services.accounts.updateUser(principal, id, change) });
});
