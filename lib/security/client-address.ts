import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { AuthRequest } from "../auth/guard";

/**
 * Set by the front door on every request it lets through (overwriting whatever a client
 * sent), so route handlers, which see no socket, know the client and the scheme.
 */
export const CLIENT_ADDRESS_HEADER = "x-cartograph-client-address";
export const CLIENT_PROTO_HEADER = "x-cartograph-client-proto";

/**
 * The client's address: the socket's peer, or with TRUST_PROXY the address the proxy in
 * front of us appended last to X-Forwarded-For (earlier entries are the client's to forge).
 */
export function clientAddressOf(request: IncomingMessage, trustProxy: boolean): string {
  const peer = normalise(request.socket.remoteAddress ?? "unknown");
  if (!trustProxy) return peer;
  const forwarded = headerOf(request.headers, "x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last && isIP(normalise(last)) ? normalise(last) : peer;
}

/** Whether the request reached us (or, with TRUST_PROXY, the proxy) over https. */
export function isSecureRequest(request: IncomingMessage, trustProxy: boolean): boolean {
  if ((request.socket as { encrypted?: boolean }).encrypted) return true;
  if (!trustProxy) return false;
  const proto = headerOf(request.headers, "x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https";
}

/** Stamps the client address and scheme on the request for everything downstream. */
export function stampClient(request: IncomingMessage, trustProxy: boolean): string {
  const address = clientAddressOf(request, trustProxy);
  request.headers[CLIENT_ADDRESS_HEADER] = address;
  request.headers[CLIENT_PROTO_HEADER] = isSecureRequest(request, trustProxy) ? "https" : "http";
  return address;
}

function normalise(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** One header of a Node request as a string (repeated ones joined). */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** What the guard needs of a request the front door stamped (HTTP, upgrade, Socket.IO). */
export function authRequestOfHeaders(headers: IncomingHttpHeaders): AuthRequest {
  return {
    header: (name) => headerOf(headers, name),
    clientAddress: headerOf(headers, CLIENT_ADDRESS_HEADER) ?? "unknown",
  };
}
