import { toAppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

/** How this server signs people in, and whether it takes sign-ups now (the sign-in page's choice). */
export async function GET() {
  try {
    const { guard, accounts } = getServices();
    return Response.json({ mode: guard.mode, signup: await accounts.signupState() });
  } catch (error) {
    return errorResponse(toAppError(error, "auth/mode"));
  }
}
