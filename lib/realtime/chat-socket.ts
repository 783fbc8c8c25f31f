import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { AccessGuard, Principal } from "../auth/guard";
import { answerChat, type ChatDeps, ModelStreamError } from "../chat/answer";
import { AppError } from "../errors";
import { type ChatEvent, chatRequestSchema } from "../protocol/chat";
import { isAllowedOrigin } from "../server/origin";
import { chatError, closeCodeOf } from "./chat-errors";
import { RateLimiter } from "./rate-limit";

export interface ChatSocketOptions {
  deps: ChatDeps;
  guard: AccessGuard;
  allowedOrigins: string[];
  /** Largest request frame accepted, in bytes. */
  maxFrameBytes?: number;
  requestTimeoutMs?: number;
  pingIntervalMs?: number;
}

/**
 * `/ws/chat` (PROTOCOLS.md section 1): one JSON request frame, the answer streamed as
 * text or events, one close code. Every non-1000 close is preceded by its reason.
 */
export class ChatSocketServer {
  private readonly wss: WebSocketServer;
  private readonly live = new Map<WebSocket, { mode: "text" | "events"; abort: AbortController }>();
  private readonly limiter = new RateLimiter(60, 60_000);
  private readonly maxFrameBytes: number;

  constructor(private readonly options: ChatSocketOptions) {
    this.maxFrameBytes = options.maxFrameBytes ?? 1024 * 1024;
    // ws enforces a hard ceiling itself; requests between the two limits get a reason frame first.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.maxFrameBytes * 4 });
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => void this.serve(ws, request));
  }

  get openSockets(): number {
    return this.live.size;
  }

  /** Shutdown: every open chat gets its reason and 1001, and its model request is aborted. */
  close(): void {
    for (const [ws, state] of this.live) {
      this.fail(
        ws,
        state.mode,
        new AppError("unavailable:shutdown", "The server is shutting down"),
        1001,
      );
      state.abort.abort();
    }
    this.wss.close();
  }

  /** Resolves when every chat socket has closed, or after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.live.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async serve(ws: WebSocket, request: IncomingMessage): Promise<void> {
    const state = { mode: "text" as "text" | "events", abort: new AbortController() };
    this.live.set(ws, state);
    const heartbeat = this.keepAlive(ws);
    ws.on("close", () => {
      clearInterval(heartbeat);
      state.abort.abort();
      this.live.delete(ws);
    });
    ws.on("error", () => ws.terminate());

    const principal = this.admit(ws, request);
    if (!principal) return;
    const frame = await this.firstFrame(ws);
    if (!frame) return;
    if (frame.length > this.maxFrameBytes) {
      return this.fail(
        ws,
        "text",
        new AppError(
          "payload_too_large:chat",
          `The request is larger than ${this.maxFrameBytes} bytes`,
        ),
        1009,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(frame.toString("utf8"));
    } catch {
      return this.fail(
        ws,
        "text",
        new AppError("bad_request:chat", "The first frame must be a JSON ChatRequest"),
        1002,
      );
    }
    if (
      typeof body === "object" &&
      body !== null &&
      (body as { stream?: unknown }).stream === "events"
    ) {
      state.mode = "events";
    }
    const parsed = chatRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message = `Invalid request: ${issue.path.join(".") || "body"}: ${issue.message}`;
      return this.fail(ws, state.mode, new AppError("bad_request:chat", message), 1003);
    }
    try {
      for await (const event of answerChat(
        parsed.data,
        principal,
        this.options.deps,
        state.abort.signal,
      )) {
        if (ws.readyState !== ws.OPEN) break;
        this.send(ws, state.mode, event);
      }
      if (ws.readyState === ws.OPEN) ws.close(1000);
    } catch (error) {
      if (state.abort.signal.aborted) return;
      const failure = error instanceof ModelStreamError ? error : chatError(error);
      this.fail(ws, state.mode, failure, closeCodeOf(failure));
    }
  }

  /** Origin, authentication and rate limit, checked before reading anything. */
  private admit(ws: WebSocket, request: IncomingMessage): Principal | null {
    if (!isAllowedOrigin(request, this.options.allowedOrigins)) {
      this.fail(ws, "text", new AppError("forbidden:origin", "Forbidden origin"), 1008);
      return null;
    }
    if (!this.limiter.allow(request.socket.remoteAddress ?? "unknown")) {
      this.fail(
        ws,
        "text",
        new AppError("rate_limited:chat", "Too many requests; slow down"),
        1008,
      );
      return null;
    }
    try {
      return this.options.guard.authenticate((name) => {
        const value = request.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(", ") : value;
      });
    } catch (error) {
      this.fail(ws, "text", chatError(error), 1008);
      return null;
    }
  }

  private firstFrame(ws: WebSocket): Promise<Buffer | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        ws.off("message", onMessage);
        const timeout = this.options.requestTimeoutMs ?? 10_000;
        this.fail(
          ws,
          "text",
          new AppError("bad_request:chat", `No request arrived within ${timeout / 1000} s`),
          1002,
        );
        resolve(null);
      }, this.options.requestTimeoutMs ?? 10_000);
      const onMessage = (data: RawData) => {
        clearTimeout(timer);
        resolve(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
      };
      ws.once("message", onMessage);
      ws.once("close", () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
  }

  private send(ws: WebSocket, mode: "text" | "events", event: ChatEvent): void {
    if (mode === "events") ws.send(JSON.stringify(event));
    else if (event.type === "delta") ws.send(event.text);
  }

  private fail(ws: WebSocket, mode: "text" | "events", error: AppError, code: number): void {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(
      mode === "events"
        ? JSON.stringify({ type: "error", code: error.code, message: error.message })
        : `Error: ${error.message}`,
    );
    ws.close(code, error.message.slice(0, 120));
  }

  /** Pings keep proxies from dropping idle streams and find peers that vanished. */
  private keepAlive(ws: WebSocket): NodeJS.Timeout {
    let alive = true;
    ws.on("pong", () => {
      alive = true;
    });
    return setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, this.options.pingIntervalMs ?? 15_000);
  }
}
