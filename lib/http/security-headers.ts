/** The request header the layout reads the page's script nonce from. */
export const NONCE_HEADER = "x-cartograph-nonce";

/**
 * What the app's pages need and nothing more: scripts only from this origin and with this
 * response's nonce (no inline handlers, no eval outside development), styles from this
 * origin plus the inline styles React and Mermaid's SVG set, no framing, no plugins, and
 * connections (fetch, WebSocket, Socket.IO) to this origin only.
 */
export function contentSecurityPolicy({ nonce, dev }: { nonce: string; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
