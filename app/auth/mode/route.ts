import { authStateOf } from "@/lib/auth/auth-state";
import { toAppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

/** How this server signs people in, and whether it takes sign-ups now. */
export async function GET() {
  try {
    return Response.json(await authStateOf(getServices()));
  } catch (error) {
    return errorResponse(toAppError(error, "auth/mode"));
  }
}
