import { LOCAL_USERNAME } from "@/lib/auth/guard";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Who the request is (PROTOCOLS §8): `{user: {id, username, role}}`, plus `signed_in`
 * (a session or token stands behind it; the header's Sign out and Account read it) and
 * the auth mode. `401` when it is no one.
 */
export const GET = route(async (_request, { principal, services }) =>
  Response.json({
    user: {
      id: principal.userId,
      username: principal.username ?? LOCAL_USERNAME,
      role: principal.role ?? "member",
      signed_in:
        principal.via === "session" || principal.via === "token" || principal.via === "access-code",
    },
    auth_mode: services.guard.mode,
  }),
);
