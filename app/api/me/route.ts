import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Who the request is signed in as: `401` when it is not (the header's Sign out reads it). */
export const GET = route(async (_request, { principal }) =>
  Response.json({ user: { id: principal.userId, signed_in: principal.sessionId !== undefined } }),
);
