import { z } from "zod";
import { assertAdmin } from "@/lib/auth/guard";
import { deleteInvite } from "@/lib/auth/invites";
import { AppError } from "@/lib/errors";
import { parseWith, route } from "@/lib/http/route";

const idSchema = z.string().uuid();

/** Withdraws an unused invite (admins only). */
export const DELETE = route<{ id: string }>(async (_request, { params, principal, services }) => {
  assertAdmin(principal);
  const id = parseWith(idSchema, params.id, "path");
  if (!(await deleteInvite(services.database.db, id))) {
    throw new AppError("not_found:invite", "Invite not found or already used");
  }
  return Response.json({ status: "success" });
});
