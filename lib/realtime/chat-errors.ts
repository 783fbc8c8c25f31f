import { AppError, toAppError } from "../errors";
import { type ChatRequest, chatRequestSchema } from "../protocol/chat";
import { findUnstorableString } from "../security/storable";

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

/** The schema boundary of both chat surfaces: a valid, storable ChatRequest or a 400/1003. */
export function chatRequestOf(body: unknown): ChatRequest {
  const unstorable = findUnstorableString(body);
  if (unstorable) {
    throw new AppError(
      "bad_request:chat",
      `Invalid request: ${unstorable}: contains a NUL byte or an unpaired surrogate`,
    );
  }
  const parsed = chatRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError(
    "bad_request:chat",
    `Invalid request: ${issue.path.join(".") || "body"}: ${issue.message}`,
  );
}
