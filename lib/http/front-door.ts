import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { AppError } from "../errors";
import { logger } from "../log";
import type { AllowedHosts } from "../security/allowed-hosts";
import { stampClient } from "../security/client-address";
import { holdBody } from "./body-limit";
import { contentSecurityPolicy, NONCE_HEADER } from "./security-headers";

const log = logger("front-door");

export interface BodyLimits {
  default: number;
  /** The chat endpoints: DeepWiki sends whole-repository prompts. */
  chat: number;
  /** `POST /api/wiki_cache`: a whole wiki. */
  import: number;
}

export interface FrontDoorOptions {
  hosts: AllowedHosts;
  trustProxy: boolean;
  bodyLimits: BodyLimits;
  /** Next's development server needs `eval` for its refresh runtime. */
  dev: boolean;
  /** What all requests may hold in memory at once while their bodies are read. */
  maxHeldBytes?: number;
}

const MAX_HELD_BODY_BYTES = 256 * 1024 * 1024;
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CHAT_PATHS = new Set(["/chat/completions/stream", "/api/chat/stream"]);

/**
 * The checks every request passes before any route sees it, in one place: an allowed
 * `Host` (DNS rebinding), an allowed origin for anything that changes state (CSRF), JSON
 * bodies only as JSON, a bounded body, and the security headers. Each refusal is JSON.
 */
export class FrontDoor {
  /** Body bytes read ahead of the app and not yet answered, across all requests. */
  private heldBytes = 0;

  constructor(private readonly options: FrontDoorOptions) {}

  /**
   * True when the request may go on to the app, its body (if any) read in full within its
   * limit; otherwise it has been answered (or the client went away).
   */
  async admitRequest(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const client = stampClient(request, this.options.trustProxy);
    const refusal = this.refusalOf(request, client);
    if (refusal) {
      respondWithError(response, refusal);
      return false;
    }
    this.setSecurityHeaders(request, response);
    return hasBody(request) ? this.admitBody(request, response) : true;
  }

  /**
   * Reads the body within its limit before the app sees it. Bodies are read before
   * authentication (the routes authenticate), so what all requests hold at once is
   * bounded too: past that, new bodies are refused 503 until others finish.
   */
  private async admitBody(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const limit = this.bodyLimitOf(request);
    const declared = Number(request.headers["content-length"] ?? Number.NaN);
    if (declared > limit) {
      this.refuseTooLarge(request, response, limit);
      void holdBody(request, limit); // reads off and drops the rest
      return false;
    }
    const reserved = Number.isFinite(declared) ? declared : limit;
    if (this.heldBytes + reserved > (this.options.maxHeldBytes ?? MAX_HELD_BODY_BYTES)) {
      response.shouldKeepAlive = true;
      void holdBody(request, 0); // reads off and drops the body
      respondWithError(
        response,
        new AppError("unavailable:busy", "The server is busy; try again shortly", {
          retryAfterSeconds: 1,
        }),
      );
      return false;
    }
    this.heldBytes += reserved;
    response.once("close", () => {
      this.heldBytes -= reserved;
    });
    const body = await holdBody(request, limit);
    if (body === "too_large") this.refuseTooLarge(request, response, limit);
    return body === "complete";
  }

  private refuseTooLarge(request: IncomingMessage, response: ServerResponse, limit: number) {
    // Closing with the body still arriving would reset the connection and lose the answer
    // (TCP discards it on a reset): the rest is read off and dropped (bounded), and the
    // client closes once it has the refusal.
    response.shouldKeepAlive = true;
    log.debug("refused body", { path: pathOf(request), limit });
    respondWithError(
      response,
      new AppError("payload_too_large:body", `The request body is larger than ${limit} bytes`),
    );
  }

  /** Upgrades (WebSocket, Socket.IO, Next's hot reload) must come to an allowed host. */
  admitUpgrade(request: IncomingMessage, socket: Duplex): boolean {
    const client = stampClient(request, this.options.trustProxy);
    if (this.options.hosts.isAllowedHost(request.headers.host)) return true;
    log.warn("refused host", { client, host: request.headers.host, path: pathOf(request) });
    const body = JSON.stringify(errorBody(hostRefusal()));
    socket.end(
      `HTTP/1.1 421 Misdirected Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    return false;
  }

  /** Socket.IO's own requests (handshake, polling, upgrade): host and origin. */
  admitSocketRequest(request: IncomingMessage): AppError | null {
    const client = stampClient(request, this.options.trustProxy);
    if (!this.options.hosts.isAllowedHost(request.headers.host)) {
      log.warn("refused host", { client, host: request.headers.host, path: pathOf(request) });
      return hostRefusal();
    }
    const origin = request.headers.origin;
    if (!this.options.hosts.isAllowedOrigin(origin)) {
      log.warn("refused origin", { client, origin, path: pathOf(request) });
      return new AppError("forbidden:origin", "Forbidden origin");
    }
    return null;
  }

  private refusalOf(request: IncomingMessage, client: string): AppError | null {
    const { hosts } = this.options;
    if (!hosts.isAllowedHost(request.headers.host)) {
      log.warn("refused host", { client, host: request.headers.host, path: pathOf(request) });
      return hostRefusal();
    }
    if (!STATE_CHANGING.has(request.method ?? "GET")) return null;
    const origin = request.headers.origin;
    const site = request.headers["sec-fetch-site"];
    // Without Origin, a browser still says where a request came from in Sec-Fetch-Site;
    // another port of the same host is `same-site`, and another origin all the same.
    if (
      !hosts.isAllowedOrigin(origin) ||
      (origin === undefined && (site === "cross-site" || site === "same-site"))
    ) {
      log.warn("refused origin", { client, origin: origin ?? `(${site})`, path: pathOf(request) });
      return new AppError("forbidden:origin", "Cross-site requests are not allowed");
    }
    if (hasBody(request) && !isJson(request.headers["content-type"])) {
      return new AppError(
        "unsupported_media_type:body",
        "The request body must be JSON (Content-Type: application/json)",
      );
    }
    return null;
  }

  private bodyLimitOf(request: IncomingMessage): number {
    const path = pathOf(request);
    const { bodyLimits } = this.options;
    if (CHAT_PATHS.has(path)) return bodyLimits.chat;
    if (path === "/api/wiki_cache" && request.method === "POST") return bodyLimits.import;
    return bodyLimits.default;
  }

  private setSecurityHeaders(request: IncomingMessage, response: ServerResponse): void {
    const nonce = randomBytes(16).toString("base64");
    const policy = contentSecurityPolicy({ nonce, dev: this.options.dev });
    // Next reads the nonce for its own scripts from the request's policy; the layout
    // reads it for ours.
    request.headers["content-security-policy"] = policy;
    request.headers[NONCE_HEADER] = nonce;
    response.setHeader("Content-Security-Policy", policy);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    response.setHeader("X-Frame-Options", "DENY");
  }
}

function hostRefusal(): AppError {
  return new AppError("misdirected:host", "This server does not answer to that host name");
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  if (length !== undefined) return length !== "0";
  return request.headers["transfer-encoding"] !== undefined;
}

function isJson(contentType: string | undefined): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json" || Boolean(type?.match(/^application\/[\w.+-]+\+json$/));
}

function pathOf(request: IncomingMessage): string {
  return (request.url ?? "/").split("?")[0];
}

function errorBody(error: AppError) {
  return {
    status: "error",
    message: error.message,
    error: { code: error.code, message: error.message },
  };
}

/** Answers with the API's error shape; `close` ends the connection (an unread body follows). */
export function respondWithError(
  response: ServerResponse,
  error: AppError,
  options: { close?: boolean } = {},
): void {
  if (response.headersSent) {
    response.socket?.destroy();
    return;
  }
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "cache-control": "no-store",
  };
  if (error.retryAfterSeconds) headers["retry-after"] = String(error.retryAfterSeconds);
  if (options.close) headers.connection = "close";
  response.writeHead(error.status, headers);
  response.end(JSON.stringify(errorBody(error)));
}
