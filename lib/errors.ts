import { logger } from "./log";

/** `kind:surface`, e.g. `not_found:run`; the kind decides the HTTP status. */
export type ErrorCode = `${ErrorKind}:${string}`;
export type ErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "misdirected"
  | "rate_limited"
  | "insufficient_storage"
  | "unavailable"
  | "internal";

const statusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  misdirected: 421,
  rate_limited: 429,
  insufficient_storage: 507,
  unavailable: 503,
  internal: 500,
};

// Route handlers are bundled by Next.js apart from server.ts, so the same class can exist
// twice in one process: errors are recognised by a global brand, not by `instanceof`.
const brand = Symbol.for("cartograph.AppError");

/**
 * The one error type that crosses a surface. Its message is short and safe to show;
 * anything internal goes to the server log instead.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** For `rate_limited`: when the client may try again (the `Retry-After` header). */
  readonly retryAfterSeconds?: number;
  readonly [brand] = true;

  constructor(code: ErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.code = code;
    this.status = statusByKind[code.split(":")[0] as ErrorKind] ?? 500;
    if (options.retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = Math.max(1, Math.ceil(options.retryAfterSeconds));
    }
  }
}

export const isAppError = (value: unknown): value is AppError =>
  typeof value === "object" && value !== null && brand in value;

const log = logger("error");

/** Turns anything thrown into an AppError, logging what the client must not see. */
export function toAppError(error: unknown, context: string): AppError {
  if (isAppError(error)) return error;
  log.error("unexpected error", { context, error });
  return new AppError("internal:server", "Internal server error");
}
