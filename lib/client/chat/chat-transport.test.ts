import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChatEvent, ChatRequest } from "@/lib/protocol/chat";
import { ChatConnectionError, isAbortError, streamChat } from "./chat-transport";

/** A browser WebSocket stand-in the test plays the server of. */
class FakeSocket {
  static last: FakeSocket | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onerror: (() => void) | null = null;
  onclose: ((close: { code: number }) => void) | null = null;
  sent: string[] = [];
  closedWith: number | undefined | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code;
  }
  // The server's side:
  open() {
    this.onopen?.();
  }
  emit(event: ChatEvent | string) {
    this.onmessage?.({ data: typeof event === "string" ? event : JSON.stringify(event) });
  }
  end(code: number) {
    this.onclose?.({ code });
  }
}

const request: ChatRequest = {
  repo_url: "/repos/shop",
  messages: [{ role: "user", content: "How is a discount applied?" }],
};
const meta: ChatEvent = {
  type: "meta",
  chat_id: "c1",
  repo: { owner: "local", name: "shop", commit: "abc" },
  provider: "none",
  model: "none",
};
const done: ChatEvent = {
  type: "done",
  finish_reason: "stop",
  usage: { input_tokens: 1, output_tokens: 2, cost: null, estimated: false },
  citations: [],
};

function sseResponse(events: unknown[], status = 200): Response {
  const body = events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("");
  return new Response(body, { status, headers: { "content-type": "text/event-stream" } });
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  FakeSocket.last = null;
  vi.stubGlobal("WebSocket", FakeSocket);
  vi.stubGlobal("window", { location: { href: "http://127.0.0.1:3000/repos/x/ask" } });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("streamChat over the socket", () => {
  it("sends one events request to /ws/chat and passes every event on", async () => {
    const events: ChatEvent[] = [];
    const transports: string[] = [];
    const answer = streamChat(request, {
      onEvent: (event) => events.push(event),
      onTransport: (transport) => transports.push(transport),
    });
    const socket = FakeSocket.last!;
    expect(socket.url).toBe("ws://127.0.0.1:3000/ws/chat");
    socket.open();
    expect(socket.sent.map((frame) => JSON.parse(frame))).toEqual([
      { ...request, stream: "events" },
    ]);
    socket.emit({
      type: "progress",
      phase: "indexing",
      message: "Parsed 200 of 8600 files",
      progress: 7,
      steps: { done: 200, total: 8600 },
    });
    socket.emit(meta);
    socket.emit({ type: "delta", text: "Hello" });
    socket.emit('{"type":"future-event"}');
    socket.emit(done);
    socket.end(1000);
    await expect(answer).resolves.toEqual({ transport: "websocket" });
    expect(events.map((event) => event.type)).toEqual(["progress", "meta", "delta", "done"]);
    expect(transports).toEqual(["websocket"]);
  });

  it("passes the server's error on and ends, without falling back, once events came", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const events: ChatEvent[] = [];
    const answer = streamChat(request, { onEvent: (event) => events.push(event) });
    const socket = FakeSocket.last!;
    socket.open();
    socket.emit({ type: "error", code: "bad_request:chat", message: "Invalid request" });
    socket.end(1003);
    await expect(answer).resolves.toEqual({ transport: "websocket" });
    expect(events).toEqual([
      { type: "error", code: "bad_request:chat", message: "Invalid request" },
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("rejects when the connection drops mid-answer without a reason", async () => {
    const answer = streamChat(request, { onEvent: () => {} });
    const socket = FakeSocket.last!;
    socket.open();
    socket.emit(meta);
    socket.end(1006);
    await expect(answer).rejects.toBeInstanceOf(ChatConnectionError);
  });

  it("closes the socket when stopped", async () => {
    const controller = new AbortController();
    const answer = streamChat(request, { signal: controller.signal, onEvent: () => {} });
    const socket = FakeSocket.last!;
    socket.open();
    socket.emit(meta);
    controller.abort();
    const error = await answer.catch((caught: unknown) => caught);
    expect(isAbortError(error)).toBe(true);
    expect(socket.closedWith).toBe(1000);
  });
});

describe("streamChat's HTTP fallback", () => {
  it("is used when the socket fails before its first event", async () => {
    const fetch = vi.fn(async () => sseResponse([meta, { type: "delta", text: "Hi" }, done]));
    vi.stubGlobal("fetch", fetch);
    const events: ChatEvent[] = [];
    const transports: string[] = [];
    const answer = streamChat(request, {
      onEvent: (event) => events.push(event),
      onTransport: (transport) => transports.push(transport),
    });
    FakeSocket.last!.end(1006);
    await expect(answer).resolves.toEqual({ transport: "http" });
    expect(fetch).toHaveBeenCalledWith(
      "/api/chat/stream",
      expect.objectContaining({
        method: "POST",
        body: JSON.stringify({ ...request, stream: "events" }),
      }),
    );
    expect(events.map((event) => event.type)).toEqual(["meta", "delta", "done"]);
    expect(transports).toEqual(["http"]);
  });

  it("is used when the socket does not open within 5 s", async () => {
    vi.useFakeTimers();
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => sseResponse([meta, done])),
    );
    const answer = streamChat(request, { onEvent: () => {} });
    const socket = FakeSocket.last!;
    await vi.advanceTimersByTimeAsync(4_900);
    expect(socket.closedWith).toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    expect(socket.closedWith).toBeUndefined();
    await expect(answer).resolves.toEqual({ transport: "http" });
    // A socket that opens late sends nothing.
    socket.open();
    expect(socket.sent).toEqual([]);
  });

  it("turns a refused request into the error event it states", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ error: { code: "bad_request:chat", message: "Nope" } }), {
            status: 400,
          }),
      ),
    );
    const events: ChatEvent[] = [];
    const answer = streamChat(request, { onEvent: (event) => events.push(event) });
    FakeSocket.last!.end(1006);
    await expect(answer).resolves.toEqual({ transport: "http" });
    expect(events).toEqual([{ type: "error", code: "bad_request:chat", message: "Nope" }]);
  });

  it("rejects a stream that ends before done", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => sseResponse([meta])),
    );
    const answer = streamChat(request, { onEvent: () => {} });
    FakeSocket.last!.end(1006);
    await expect(answer).rejects.toBeInstanceOf(ChatConnectionError);
  });

  it("aborts the request when stopped", async () => {
    let seen: AbortSignal | undefined;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init: RequestInit) => {
        seen = init.signal ?? undefined;
        return new Promise<Response>((_resolve, reject) =>
          seen?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
        );
      }),
    );
    const controller = new AbortController();
    const answer = streamChat(request, { signal: controller.signal, onEvent: () => {} });
    FakeSocket.last!.end(1006);
    await tick();
    controller.abort();
    const error = await answer.catch((caught: unknown) => caught);
    expect(isAbortError(error)).toBe(true);
    expect(seen?.aborted).toBe(true);
  });
});
