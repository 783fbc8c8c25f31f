import { z } from "zod";
import { ACCESS_COOKIE } from "@/lib/auth/guard";
import { toAppError } from "@/lib/errors";
import { errorResponse, readJson } from "@/lib/http/route";
import { getServices } from "@/lib/services";

const bodySchema = z.object({ code: z.string().max(500) });

/** Checks an access code; a valid one also sets the session cookie the other surfaces accept. */
export async function POST(request: Request) {
  try {
    const { code } = await readJson(request, bodySchema);
    const success = getServices().guard.validateAccessCode(code);
    const response = Response.json({ success });
    if (success && getServices().guard.authRequired) {
      response.headers.set(
        "set-cookie",
        `${ACCESS_COOKIE}=${encodeURIComponent(code)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000`,
      );
    }
    return response;
  } catch (error) {
    return errorResponse(toAppError(error, "auth/validate"));
  }
}
