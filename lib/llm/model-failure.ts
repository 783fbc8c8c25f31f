import { AppError, isAppError } from "../errors";

/**
 * A failed model call as a short, safe error. A reason of our own raised inside the call
 * (the idle timeout of `createIdleTimeoutFetch`) is kept, however deep the AI SDK wrapped
 * it (`cause`, a RetryError's `errors`); anything else becomes `fallback`.
 */
export function modelFailure(error: unknown, fallback: string): AppError {
  return reasonWithin(error) ?? new AppError("unavailable:model", fallback);
}

function reasonWithin(error: unknown): AppError | undefined {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    if (isAppError(current)) return current;
    const { cause, errors, lastError } = current as {
      cause?: unknown;
      errors?: unknown;
      lastError?: unknown;
    };
    queue.push(cause, lastError, ...(Array.isArray(errors) ? errors : []));
  }
  return undefined;
}
