import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

/** Whether this server asks for an access code (DeepWiki's `/auth/status`). */
export function GET() {
  return Response.json({ auth_required: getServices().guard.authRequired });
}
