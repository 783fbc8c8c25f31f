import WebSocket from "ws";

export interface ChatTiming {
  /** performance.now() when the WebSocket was opened (the TCP connect and the upgrade began). */
  connectAt: number;
  /** When the request frame was sent: the upgrade was answered. */
  sentAt: number;
  /** When the first non-empty text frame arrived; null when none did. */
  firstTokenAt: number | null;
  endAt: number;
  code: number;
}

/** A chat still open after this long is cut and counted as failed (code 1006). */
const CHAT_TIMEOUT_MS = 120_000;

/**
 * One DeepWiki-style chat (open, one request frame, text frames until the close) from the
 * given source address, timed from the moment the request is sent.
 */
export function timeChat(url: string, request: unknown, localAddress: string): Promise<ChatTiming> {
  return new Promise((resolve) => {
    const connectAt = performance.now();
    const socket = new WebSocket(url, { localAddress, maxPayload: 0 });
    const timer = setTimeout(() => socket.terminate(), CHAT_TIMEOUT_MS);
    let sentAt = Number.NaN;
    let firstTokenAt: number | null = null;
    socket.on("open", () => {
      sentAt = performance.now();
      socket.send(JSON.stringify(request));
    });
    socket.on("message", (data) => {
      if (firstTokenAt === null && data.toString().length > 0) firstTokenAt = performance.now();
    });
    socket.on("close", (code) => {
      clearTimeout(timer);
      resolve({ connectAt, sentAt, firstTokenAt, endAt: performance.now(), code });
    });
    socket.on("error", () => {
      // "close" follows with code 1006
    });
  });
}

/**
 * The n-th of many client addresses: Linux answers all of 127.0.0.0/8, and the server
 * keeps each address's request budget apart, as for as many different users.
 */
export function sourceAddress(n: number): string {
  return `127.${10 + Math.floor(n / 62_500)}.${(Math.floor(n / 250) % 250) + 1}.${(n % 250) + 1}`;
}
