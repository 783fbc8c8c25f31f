import { CLIENT_PROTO_HEADER } from "../security/client-address";
import { SESSION_COOKIE } from "./sessions";

/** `HttpOnly` (no script reads it), `SameSite=Lax` (no cross-site POST carries it), `Secure` over https. */
export function sessionCookie(
  session: { id: string; expiresAt: Date },
  { secure }: { secure: boolean },
): string {
  const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export function expiredSessionCookie({ secure }: { secure: boolean }): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}

/** Sets the session cookie on a response, `Secure` when the client came over https. */
export function withSessionCookie(
  response: Response,
  session: { id: string; expiresAt: Date },
  request: Request,
): Response {
  const secure = request.headers.get(CLIENT_PROTO_HEADER) === "https";
  response.headers.set("set-cookie", sessionCookie(session, { secure }));
  return response;
}
