import WebSocket from "ws";

export interface ChatOutcome {
  frames: string[];
  code: number;
  reason: string;
}

/** A DeepWiki-style client: open, send one frame, collect frames until the close. */
export function chatOverSocket(
  base: string,
  request: unknown,
  options: {
    raw?: string | Buffer;
    closeAfterFrames?: number;
    sendNothing?: boolean;
    /** Extra handshake headers (Cookie, Authorization, Host, Origin). */
    headers?: Record<string, string>;
    /** The source address, any 127.x.y.z, to act as another client. */
    localAddress?: string;
    /** Called with each frame as it arrives. */
    onFrame?: (frame: string) => void;
  } = {},
): Promise<ChatOutcome> {
  const url = `${base.replace(/^http/, "ws")}/ws/chat`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: options.headers,
      localAddress: options.localAddress,
      maxPayload: 0,
    });
    socket.on("unexpected-response", (_request, response) => {
      resolve({ frames: [], code: response.statusCode ?? 0, reason: "unexpected-response" });
      socket.terminate();
    });
    const frames: string[] = [];
    socket.on("open", () => {
      if (options.sendNothing) return;
      socket.send(options.raw ?? JSON.stringify(request));
    });
    socket.on("message", (data) => {
      frames.push(data.toString());
      options.onFrame?.(data.toString());
      if (options.closeAfterFrames && frames.length >= options.closeAfterFrames) socket.close(1000);
    });
    socket.on("close", (code, reason) => resolve({ frames, code, reason: reason.toString() }));
    socket.on("error", reject);
  });
}
