// The floor of Ask: a bare WebSocket relay that sends the question to the model and
// forwards its stream, with nothing else (no auth, no retrieval, no storage).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

/** Content deltas of an OpenAI-compatible SSE stream, in order. */
async function* streamedDeltas(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    let end = buffered.indexOf("\n\n");
    while (end >= 0) {
      const line = buffered.slice(0, end).replace(/^data: /, "");
      buffered = buffered.slice(end + 2);
      end = buffered.indexOf("\n\n");
      if (line === "[DONE]") return;
      const text = JSON.parse(line).choices?.[0]?.delta?.content;
      if (text) yield text;
    }
  }
}

/** Starts the relay on a free port; its URL is `ws://…/relay`, one request per socket like /ws/chat. */
export async function startRelay(modelUrl: string) {
  const http = createServer();
  const sockets = new WebSocketServer({ server: http, path: "/relay" });
  sockets.on("connection", (socket) => {
    socket.once("message", async (data) => {
      try {
        const { messages } = JSON.parse(data.toString()) as { messages: unknown[] };
        const response = await fetch(`${modelUrl}/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "fixture-chat", stream: true, messages }),
        });
        if (!response.body) throw new Error(`model answered ${response.status}`);
        for await (const text of streamedDeltas(response.body)) socket.send(text);
        socket.close(1000);
      } catch {
        socket.close(1011);
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/relay`,
    async stop() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
