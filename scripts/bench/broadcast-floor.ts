// The floor of run fan-out: a bare Socket.IO server that broadcasts given events to one room.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import type { RunEvent } from "../../lib/protocol/runs";
import { sleep } from "./stats";
import {
  closeClients,
  connectClients,
  deliveryOf,
  type RecordingClient,
  waitUntilFinished,
} from "./subscribers";

/**
 * `subscribers` clients join one room; the events are emitted to it back to back, as fast
 * as Socket.IO takes them, or each at its offset in `pacedAt` (ms after the first). With
 * `oneByOne`, each client gets its own copy instead (a replay: every socket catching up).
 */
export async function broadcastFloor(
  runEvents: RunEvent[],
  subscribers: number,
  { oneByOne = false, pacedAt }: { oneByOne?: boolean; pacedAt?: number[] } = {},
) {
  // Numbered from 1, as a subscriber's own view of a run is.
  const events = runEvents.map((event, index) => ({ ...event, seq: index + 1 }));
  const http = createServer();
  const server = new Server(http);
  server.on("connection", (socket) => void socket.join("run"));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  let clients: RecordingClient[] = [];
  try {
    clients = await connectClients(`http://127.0.0.1:${port}`, subscribers);
    const name = `research_progress_${events[0].research_id}`;
    const began = performance.now();
    if (oneByOne) {
      for (const socket of server.sockets.sockets.values())
        for (const event of events) socket.emit(name, event);
    } else {
      for (const [index, event] of events.entries()) {
        const wait = began + (pacedAt?.[index] ?? 0) - performance.now();
        if (wait >= 1) await sleep(wait);
        server.to("run").emit(name, event);
      }
    }
    await waitUntilFinished(clients, 10 * 60_000);
    return { ...deliveryOf(clients, 0), sinceStartMs: latestReceipt(clients) - began };
  } finally {
    closeClients(clients);
    await server.close();
  }
}

export const latestReceipt = (clients: RecordingClient[]) =>
  Math.max(...clients.map((client) => client.receipts.at(-1)?.at ?? Number.NaN));
