// Many Socket.IO clients in this process, each recording the run events it receives.
import { io, type Socket } from "socket.io-client";
import type { RunEvent } from "../../lib/protocol/runs";
import { waitFor } from "../../test/support/clients";
import { p50, p99 } from "./stats";

const FINAL = ["completed", "failed", "cancelled"];

export interface Receipt {
  seq: number;
  at: number;
}

export class RecordingClient {
  readonly socket: Socket;
  readonly receipts: Receipt[] = [];
  readonly events: RunEvent[] = [];
  finished = false;

  constructor(base: string, path: string) {
    this.socket = io(base, {
      path,
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    this.socket.onAny((name: string, event: RunEvent) => {
      if (!name.startsWith("research_progress_")) return;
      this.receipts.push({ seq: event.seq, at: performance.now() });
      this.events.push(event);
      if (FINAL.includes(event.status)) this.finished = true;
    });
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once("connect", () => resolve());
      this.socket.once("connect_error", reject);
    });
  }

  /** Sequence numbers neither 1..n in order: gaps, duplicates or reordering. */
  seqErrors(): number {
    return this.receipts.filter((receipt, index) => receipt.seq !== index + 1).length;
  }
}

/** Connects `count` clients, `batch` handshakes at a time (a storm of them is another test). */
export async function connectClients(
  base: string,
  count: number,
  path = "/socket.io",
  batch = 50,
): Promise<RecordingClient[]> {
  const clients: RecordingClient[] = [];
  for (let start = 0; start < count; start += batch) {
    const group = Array.from(
      { length: Math.min(batch, count - start) },
      () => new RecordingClient(base, path),
    );
    await Promise.all(group.map((client) => client.connected()));
    clients.push(...group);
  }
  return clients;
}

/** Subscribes every client to the run; throws if any is refused. */
export async function subscribeAll(clients: RecordingClient[], runId: string): Promise<void> {
  const acks = await Promise.all(
    clients.map((client) =>
      client.socket.timeout(60_000).emitWithAck("subscribe_to_research", { research_id: runId }),
    ),
  );
  const refused = acks.filter((ack: { ok: boolean }) => !ack.ok).length;
  if (refused > 0) throw new Error(`${refused} subscriptions refused: ${JSON.stringify(acks[0])}`);
}

export const closeClients = (clients: RecordingClient[]) => {
  for (const client of clients) client.socket.close();
};

export const waitUntilFinished = (clients: RecordingClient[], timeoutMs: number) =>
  waitFor(() => clients.every((client) => client.finished), {
    timeoutMs,
    intervalMs: 20,
    what: "every subscriber to receive the run's final event",
  });

/**
 * Delivery of the events with seq above `afterSeq` to every client: the window from the
 * first client receiving the first of them to the last client receiving the last, and per
 * event the spread between its first and its last receipt.
 */
export function deliveryOf(clients: RecordingClient[], afterSeq: number) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  for (const client of clients) {
    for (const { seq, at } of client.receipts) {
      if (seq <= afterSeq) continue;
      first.set(seq, Math.min(first.get(seq) ?? at, at));
      last.set(seq, Math.max(last.get(seq) ?? at, at));
    }
  }
  const spreads = [...first.keys()].map((seq) => last.get(seq)! - first.get(seq)!);
  const start = Math.min(...first.values());
  return {
    /** When each event first reached a client, in ms after the first one did. */
    firstReceiptOffsets: [...first.keys()]
      .sort((a, b) => a - b)
      .map((seq) => first.get(seq)! - start),
    events: first.size,
    windowMs: Math.max(...last.values()) - start,
    spreadP50: p50(spreads),
    spreadP99: p99(spreads),
    seqErrors: clients.reduce((total, client) => total + client.seqErrors(), 0),
  };
}
