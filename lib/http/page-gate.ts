import type { IncomingMessage } from "node:http";
import type { AccessGuard } from "../auth/guard";
import { authRequestOfHeaders } from "../security/client-address";

export const LOGIN_PATH = "/login";

/** Paths that answer for themselves (APIs check access on their own) or must stay open. */
const OPEN_PREFIXES = [
  "/api/",
  "/_next/",
  "/socket.io",
  "/ws/",
  "/auth/",
  "/chat/",
  "/export/",
  "/lang/",
  "/local_repo/",
  "/models/",
  "/health",
  "/signup",
  LOGIN_PATH,
];
/** The files of public/ a sign-in page needs (its icons and manifest). */
const OPEN_FILES = new Set([
  "/favicon.svg",
  "/favicon.ico",
  "/apple-touch-icon.png",
  "/icon-192.png",
  "/icon-512.png",
  "/manifest.webmanifest",
  "/robots.txt",
]);

/**
 * Where a browser asking for a page without access goes instead: the access-code form,
 * told where to come back to. Null when the request may pass (no auth mode, not a page,
 * or a valid code presented).
 */
export async function loginRedirect(
  guard: AccessGuard,
  request: IncomingMessage,
): Promise<string | null> {
  if (!guard.authRequired) return null;
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const url = request.url ?? "/";
  const pathname = url.split("?")[0];
  if (OPEN_FILES.has(pathname) || OPEN_PREFIXES.some((prefix) => pathname.startsWith(prefix)))
    return null;
  if (!(request.headers.accept ?? "").includes("text/html")) return null;
  try {
    await guard.authenticate(authRequestOfHeaders(request.headers));
    return null;
  } catch {
    return `${LOGIN_PATH}?next=${encodeURIComponent(url)}`;
  }
}

/** A `next` parameter that stays on this site: a path, never `//host` or a URL. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
