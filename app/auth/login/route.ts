import { withSessionCookie } from "@/lib/auth/session-cookie";
import { toAppError } from "@/lib/errors";
import { clientInfoOf, errorResponse, readJson } from "@/lib/http/route";
import { loginInputSchema } from "@/lib/protocol/accounts";
import { getServices } from "@/lib/services";

/** `AUTH_MODE=accounts` sign-in: `200 {user}` and a session cookie; `401`; `429` when limited. */
export async function POST(request: Request) {
  try {
    const input = await readJson(request, loginInputSchema);
    const { user, session } = await getServices().accounts.signIn(input, clientInfoOf(request));
    return withSessionCookie(Response.json({ user }), session, request);
  } catch (error) {
    return errorResponse(toAppError(error, "auth/login"));
  }
}
