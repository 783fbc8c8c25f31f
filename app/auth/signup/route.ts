import { withSessionCookie } from "@/lib/auth/session-cookie";
import { toAppError } from "@/lib/errors";
import { clientInfoOf, errorResponse, readJson } from "@/lib/http/route";
import { signupInputSchema } from "@/lib/protocol/accounts";
import { getServices } from "@/lib/services";

/**
 * `AUTH_MODE=accounts` sign-up: `201 {user}` and a session cookie; `403` when sign-up is
 * closed or the invite it needs is missing, used or expired. The first account is an admin.
 */
export async function POST(request: Request) {
  try {
    const input = await readJson(request, signupInputSchema);
    const { user, session } = await getServices().accounts.signUp(input, clientInfoOf(request));
    return withSessionCookie(Response.json({ user }, { status: 201 }), session, request);
  } catch (error) {
    return errorResponse(toAppError(error, "auth/signup"));
  }
}
