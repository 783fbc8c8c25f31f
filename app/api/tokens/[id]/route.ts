import { z } from "zod";
import { assertCanManageTokens } from "@/lib/auth/token-access";
import { AppError } from "@/lib/errors";
import { parseWith, route } from "@/lib/http/route";

const idSchema = z.string().min(1).max(100);

/** Revokes one of the caller's tokens at once; another user's token is `404`. */
export const DELETE = route<{ id: string }>(async (_request, { params, principal, services }) => {
  assertCanManageTokens(principal, services.guard.mode);
  const id = parseWith(idSchema, params.id, "path");
  if (!(await services.accounts.tokens.revoke(principal.userId, id))) {
    throw new AppError("not_found:token", "Token not found");
  }
  return Response.json({ status: "success" });
});
