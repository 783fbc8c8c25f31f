import { type AppError, toAppError } from "../errors";

/** PROTOCOLS.md section 1: which close code an error ends a chat socket with. */
export function closeCodeOf(error: AppError): number {
  const kind = error.code.split(":")[0];
  if (kind === "bad_request" || kind === "not_found") return 1003;
  if (kind === "unauthorized" || kind === "forbidden" || kind === "rate_limited") return 1008;
  if (kind === "payload_too_large") return 1009;
  return 1011;
}

/** Anything a chat stream throws, as a short safe error (details go to the log). */
export function chatError(error: unknown): AppError {
  return toAppError(error, "chat");
}
