import { z } from "zod";
import { sessionCookie } from "@/lib/auth/session-cookie";
import { toAppError } from "@/lib/errors";
import { authRequestOf, errorResponse, readJson } from "@/lib/http/route";
import { CLIENT_PROTO_HEADER } from "@/lib/security/client-address";
import { getServices } from "@/lib/services";

const bodySchema = z.object({ code: z.string().max(500) });

/**
 * Signs in with the access code (DeepWiki's `/auth/validate`): a right code opens a
 * server-side session whose id, never the code, goes in the cookie. Failures are limited
 * per client (429 with Retry-After). With no code configured nothing validates.
 */
export async function POST(request: Request) {
  try {
    const { guard } = getServices();
    const { code } = await readJson(request, bodySchema);
    if (!guard.authRequired) return Response.json({ success: false });
    const { clientAddress } = authRequestOf(request);
    const result = await guard.signIn(code, {
      clientAddress,
      userAgent: request.headers.get("user-agent") ?? undefined,
    });
    const response = Response.json({ success: result.ok });
    if (result.session) {
      const secure = request.headers.get(CLIENT_PROTO_HEADER) === "https";
      response.headers.set("set-cookie", sessionCookie(result.session, { secure }));
    }
    return response;
  } catch (error) {
    return errorResponse(toAppError(error, "auth/validate"));
  }
}
