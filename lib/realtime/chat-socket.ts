import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { AccessGuard, Principal } from "../auth/guard";
import { answerChat, type ChatDeps, ModelStreamError } from "../chat/answer";
import { AppError } from "../errors";
import { logger } from "../log";
import type { ChatEvent, ChatRequest } from "../protocol/chat";
import type { AllowedHosts } from "../security/allowed-hosts";
import { authRequestOfHeaders, headerOf } from "../security/client-address";
import type { RateLimits } from "../security/rate-limits";
import { chatError, chatRequestOf, closeCodeOf } from "./chat-errors";

const log = logger("chat-socket");

export interface ChatSocketOptions {
  deps: ChatDeps;
  guard: AccessGuard;
  hosts: AllowedHosts;
  limits: RateLimits;
  /** Largest request frame accepted, in bytes (PROTOCOLS.md: 8 MiB). */
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
  private readonly maxFrameBytes: number;

  constructor(private readonly options: ChatSocketOptions) {
    this.maxFrameBytes = options.maxFrameBytes ?? 8 * 1024 * 1024;
    // ws refuses a larger frame from its header, before reading it (see sayWhyTooLarge).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.maxFrameBytes });
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
    this.sayWhyTooLarge(ws);
    ws.on("error", (error: Error & { code?: string }) => {
      // An oversized frame was answered with its reason and 1009: let that reach the client.
      if (error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
        setTimeout(() => ws.terminate(), 1_000).unref();
        return;
      }
      ws.terminate();
    });

    // Listening first: the request frame may arrive while the guard is still deciding.
    const frameArrived = this.firstFrame(ws);
    const principal = await this.admit(ws, request);
    if (!principal) return;
    const frame = await frameArrived;
    if (!frame) return;
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
    let chatRequest: ChatRequest;
    try {
      chatRequest = chatRequestOf(body);
    } catch (error) {
      return this.fail(ws, state.mode, chatError(error), 1003);
    }
    try {
      for await (const event of answerChat(
        chatRequest,
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

  /**
   * Origin (an allowed one, never compared with the request's own Host), authentication,
   * then the principal's chat budget, checked before the request is read.
   */
  private async admit(ws: WebSocket, request: IncomingMessage): Promise<Principal | null> {
    const auth = authRequestOfHeaders(request.headers);
    const origin = headerOf(request.headers, "origin");
    if (!this.options.hosts.isAllowedOrigin(origin)) {
      log.warn("refused origin", { client: auth.clientAddress, origin, path: "/ws/chat" });
      this.fail(ws, "text", new AppError("forbidden:origin", "Forbidden origin"), 1008);
      return null;
    }
    try {
      // /ws/chat is DeepWiki's socket too: DEEPWIKI_CLIENT_AUTH=deepwiki opens it its way.
      const principal = await this.options.guard.authenticateDeepWikiClient(auth);
      this.options.limits.take("chat", principal.key);
      return principal;
    } catch (error) {
      const failure = chatError(error);
      this.fail(ws, "text", failure, closeCodeOf(failure));
      return null;
    }
  }

  /**
   * ws answers a frame over `maxPayload` by closing with 1009 and no reason; the protocol
   * promises a reason frame before every such close, so it is sent first.
   */
  private sayWhyTooLarge(ws: WebSocket): void {
    const close = ws.close.bind(ws);
    ws.close = (code?: number, reason?: string | Buffer) => {
      if (code === 1009 && reason === undefined && ws.readyState === ws.OPEN) {
        const message = `The request is larger than ${this.maxFrameBytes} bytes`;
        ws.send(`Error: ${message}`);
        return close(1009, message);
      }
      return close(code, reason);
    };
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
