import { type ChatEvent, type ChatRequest, chatEventSchema } from "@/lib/protocol/chat";
import { readSseData } from "./chat-sse";

export type ChatTransport = "websocket" | "http";

export interface StreamChatOptions {
  signal?: AbortSignal;
  onEvent: (event: ChatEvent) => void;
  /** Told which transport carries the answer as soon as that is settled (before its first event). */
  onTransport?: (transport: ChatTransport) => void;
  /** How long the socket may take to open before the HTTP fallback is used. */
  connectTimeoutMs?: number;
}

/** The connection ended without the server saying why (an `error` event is not this). */
export class ChatConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChatConnectionError";
  }
}

export const isAbortError = (error: unknown): boolean =>
  error instanceof Error && error.name === "AbortError";

const abortError = () => new DOMException("The answer was stopped", "AbortError");

const CONNECT_TIMEOUT_MS = 5_000;
const HTTP_PATH = "/api/chat/stream";

/**
 * One answer as events (PROTOCOLS.md sections 1–2): over `/ws/chat` first, over the HTTP
 * stream when the socket cannot open in time or fails before its first event. Errors the
 * server states arrive as `error` events; the promise rejects only when the connection is
 * lost without one (ChatConnectionError) or the signal aborts (AbortError, and the socket
 * is closed or the request cancelled, which stops the model on the server).
 */
export async function streamChat(
  request: ChatRequest,
  options: StreamChatOptions,
): Promise<{ transport: ChatTransport }> {
  if (options.signal?.aborted) throw abortError();
  const body = JSON.stringify({ ...request, stream: "events" });
  if ((await streamOverWebSocket(body, options)) === "answered") return { transport: "websocket" };
  options.onTransport?.("http");
  await streamOverHttp(body, options);
  return { transport: "http" };
}

function parseEvent(data: unknown): ChatEvent | null {
  if (typeof data !== "string") return null;
  try {
    const parsed = chatEventSchema.safeParse(JSON.parse(data));
    // An event this client does not know is skipped rather than ending the answer.
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function chatSocketUrl(): string {
  const url = new URL("/ws/chat", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/** "unavailable": nothing arrived and nothing was shown, so the caller may try HTTP. */
function streamOverWebSocket(
  body: string,
  { signal, onEvent, onTransport, connectTimeoutMs = CONNECT_TIMEOUT_MS }: StreamChatOptions,
): Promise<"answered" | "unavailable"> {
  if (typeof WebSocket === "undefined") return Promise.resolve("unavailable");
  return new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(chatSocketUrl());
    } catch {
      resolve("unavailable");
      return;
    }
    let received = false;
    let ended = false;
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(openTimer);
      signal?.removeEventListener("abort", onAbort);
      action();
    };
    const openTimer = setTimeout(
      () =>
        settle(() => {
          socket.close();
          resolve("unavailable");
        }),
      connectTimeoutMs,
    );
    const onAbort = () =>
      settle(() => {
        socket.close(1000, "stopped");
        reject(abortError());
      });
    signal?.addEventListener("abort", onAbort, { once: true });

    socket.onopen = () => {
      if (settled) return socket.close();
      clearTimeout(openTimer);
      socket.send(body);
    };
    socket.onmessage = (message: MessageEvent) => {
      if (settled) return;
      if (!received) {
        received = true;
        onTransport?.("websocket");
      }
      const event = parseEvent(message.data);
      if (!event) return;
      if (event.type === "done" || event.type === "error") ended = true;
      onEvent(event);
    };
    // An error is always followed by a close, which decides.
    socket.onerror = () => {};
    socket.onclose = (close: CloseEvent) =>
      settle(() => {
        if (!received) resolve("unavailable");
        else if (ended || close.code === 1000) resolve("answered");
        else reject(new ChatConnectionError(`The connection was lost (code ${close.code})`));
      });
  });
}

async function streamOverHttp(body: string, { signal, onEvent }: StreamChatOptions) {
  let response: Response;
  try {
    response = await fetch(HTTP_PATH, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body,
      signal,
      cache: "no-store",
    });
  } catch {
    if (signal?.aborted) throw abortError();
    throw new ChatConnectionError("The server could not be reached");
  }
  if (!response.ok || !response.body) {
    onEvent(await refusal(response));
    return;
  }
  let ended = false;
  try {
    for await (const data of readSseData(response.body)) {
      const event = parseEvent(data);
      if (!event) continue;
      if (event.type === "done" || event.type === "error") ended = true;
      onEvent(event);
    }
  } catch {
    if (signal?.aborted) throw abortError();
    throw new ChatConnectionError("The connection was lost");
  }
  if (signal?.aborted) throw abortError();
  if (!ended) throw new ChatConnectionError("The answer ended early");
}

/** A request refused before streaming (`400 {error: {code, message}}`) as the error event it means. */
async function refusal(response: Response): Promise<ChatEvent> {
  const body: unknown = await response.json().catch(() => null);
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    type: "error",
    code: typeof error?.code === "string" ? error.code : `http_${response.status}`,
    message:
      typeof error?.message === "string"
        ? error.message
        : `The request failed (${response.status})`,
  };
}
