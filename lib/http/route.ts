import type { z } from "zod";
import { type AuthRequest, canWrite, type Principal } from "../auth/guard";
import { AppError, toAppError } from "../errors";
import { CLIENT_ADDRESS_HEADER, CLIENT_PROTO_HEADER } from "../security/client-address";
import { findUnstorableString } from "../security/storable";
import { getServices, type Services } from "../services";
import { isDeepWikiSurface } from "./deepwiki-surface";

export interface RouteContext<Params> {
  params: Params;
  principal: Principal;
  services: Services;
}

export interface RouteOptions {
  /**
   * What the route does with the server's state: `write` (the default for every method
   * but GET, HEAD and OPTIONS) is refused to read-scoped API tokens. A POST that only
   * reads (an export) says `read`.
   */
  access?: "read" | "write";
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every route handler reads the same: authenticate, then call `lib`. Errors become one
 * JSON shape that both client families understand: `{status: "error", message}` (Local
 * Deep Research) and `{error: {code, message}}` (the rest of the API).
 */
export function route<Params = Record<string, never>>(
  handler: (request: Request, context: RouteContext<Params>) => Promise<Response>,
  options: RouteOptions = {},
) {
  return async (request: Request, segment: { params: Promise<Params> }): Promise<Response> => {
    try {
      const services = getServices();
      const auth = authRequestOf(request);
      const principal = isDeepWikiSurface(request.method, new URL(request.url).pathname)
        ? await services.guard.authenticateDeepWikiClient(auth)
        : await services.guard.authenticate(auth);
      const access = options.access ?? (READ_METHODS.has(request.method) ? "read" : "write");
      if (access === "write" && !canWrite(principal)) {
        throw new AppError("forbidden:scope", "This token is read-only");
      }
      const params = await segment.params;
      assertStorable(params, "path");
      return await handler(request, { params, principal, services });
    } catch (error) {
      return errorResponse(toAppError(error, `${request.method} ${new URL(request.url).pathname}`));
    }
  };
}

/** What the guard needs of a Web Request: its headers and the client the front door saw. */
export function authRequestOf(request: Request): AuthRequest {
  return {
    header: (name) => request.headers.get(name),
    clientAddress: request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown",
  };
}

/** The client a session is opened for: its address and user agent (the sessions list shows both). */
export function clientInfoOf(request: Request): { clientAddress: string; userAgent?: string } {
  return {
    clientAddress: authRequestOf(request).clientAddress,
    userAgent: request.headers.get("user-agent") ?? undefined,
  };
}

/**
 * The origin the client reached: its Host (the front door let only allowed ones in) and
 * the scheme it came over. Next's `request.url` carries the configured port, not this.
 */
export function requestOrigin(request: Request): string {
  const proto = request.headers.get(CLIENT_PROTO_HEADER) === "https" ? "https" : "http";
  return `${proto}://${request.headers.get("host") ?? new URL(request.url).host}`;
}

export function errorResponse(error: AppError): Response {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds) headers["retry-after"] = String(error.retryAfterSeconds);
  return Response.json(
    {
      status: "error",
      message: error.message,
      error: { code: error.code, message: error.message },
    },
    { status: error.status, headers },
  );
}

/** Parses a JSON body against a schema; anything else is a clear 400. */
export async function readJson<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw new AppError("bad_request:body", "The request body must be JSON");
  }
  return parseWith(schema, body, "body");
}

export function readQuery<T>(request: Request, schema: z.ZodType<T>): T {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return parseWith(schema, query, "query");
}

/** Text Postgres cannot store (NUL, unpaired surrogates) is refused as bad input. */
export function assertStorable(value: unknown, where: string): void {
  const unstorable = findUnstorableString(value);
  if (unstorable) {
    throw new AppError(
      "bad_request:input",
      `Invalid ${where}: ${unstorable}: contains a NUL byte or an unpaired surrogate`,
    );
  }
}

/** The schema boundary: the storable check, then the schema. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  assertStorable(value, where);
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : where;
  throw new AppError("bad_request:input", `Invalid ${where}: ${field}: ${issue.message}`);
}
