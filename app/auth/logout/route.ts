import { expiredSessionCookie } from "@/lib/auth/session-cookie";
import { toAppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";
import { CLIENT_PROTO_HEADER } from "@/lib/security/client-address";
import { getServices } from "@/lib/services";

/** Ends this browser's session on the server (a copied cookie stops working too) and forgets it. */
export async function POST(request: Request) {
  try {
    await getServices().guard.signOut((name) => request.headers.get(name));
    const response = Response.json({ success: true });
    const secure = request.headers.get(CLIENT_PROTO_HEADER) === "https";
    response.headers.set("set-cookie", expiredSessionCookie({ secure }));
    return response;
  } catch (error) {
    return errorResponse(toAppError(error, "auth/logout"));
  }
}
