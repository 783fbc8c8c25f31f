import type { z } from "zod";

/** A failed API call, with the server's short, safe message and the HTTP status (0: unreachable). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** `{error: {message}}`, `{error}` or `{message}`; a status line when the body has none. */
export function errorMessageOf(body: unknown, status: number): string {
  if (typeof body === "object" && body !== null) {
    const { error, message } = body as { error?: unknown; message?: unknown };
    if (typeof error === "string") return error;
    const nested = (error as { message?: unknown } | undefined)?.message;
    if (typeof nested === "string") return nested;
    if (typeof message === "string") return message;
  }
  if (status === 429) return "The server is at capacity; try again shortly";
  return `Request failed (${status})`;
}

/** Fetches JSON and checks it against a schema; an abort stays an abort, the rest is an ApiError. */
export async function requestJson<T>(
  url: string,
  schema: z.ZodType<T>,
  init?: RequestInit,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store", ...init });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError("The server could not be reached", 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(errorMessageOf(body, response.status), response.status);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError("The server sent an unexpected answer", 502);
  return parsed.data;
}

export const postJson = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
