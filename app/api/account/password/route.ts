import { withSessionCookie } from "@/lib/auth/session-cookie";
import { clientInfoOf, readJson, route } from "@/lib/http/route";
import { passwordChangeSchema } from "@/lib/protocol/accounts";

/**
 * Changes the password (the current one is required). Every session of the account ends;
 * this browser gets a fresh one in the same response.
 */
export const POST = route(async (request, { principal, services }) => {
  const input = await readJson(request, passwordChangeSchema);
  const session = await services.accounts.changePassword(
    principal,
    { current: input.current_password, next: input.new_password },
    clientInfoOf(request),
  );
  return withSessionCookie(Response.json({ status: "success" }), session, request);
});
