import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseWith, route } from "@/lib/http/route";

const idSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** Signs one of the caller's sessions out at once; another user's session is `404`. */
export const DELETE = route<{ id: string }>(async (_request, { params, principal, services }) => {
  const id = parseWith(idSchema, params.id, "path");
  if (!(await services.accounts.sessions.revokeOwn(principal.userId, id))) {
    throw new AppError("not_found:session", "Session not found");
  }
  return Response.json({ status: "success" });
});
