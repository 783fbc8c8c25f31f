import type { IncomingMessage } from "node:http";

/**
 * Browsers send Origin on WebSocket and cross-site requests: it must be the app's own
 * host or one the operator allowed. Non-browser clients send none and are let through
 * (they are still authenticated by the access guard).
 */
export function isAllowedOrigin(request: IncomingMessage, allowedOrigins: string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
