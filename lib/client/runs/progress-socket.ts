import { io, type Socket } from "socket.io-client";
import {
  progressEventName,
  type RunEvent,
  type RunSnapshot,
  runEventSchema,
  runSnapshotSchema,
} from "@/lib/protocol/runs";

export interface RunSubscriptionOptions {
  /** The last seq the caller already has; only later events are delivered. */
  afterSeq?: number;
  onEvent?: (event: RunEvent) => void;
  /** Called with the run's state each time the server acknowledges a (re)subscription. */
  onSnapshot?: (snapshot: RunSnapshot) => void;
  onError?: (message: string) => void;
}

/** The few socket operations subscriptions need; a fake stands in for it in tests. */
export interface ProgressTransport {
  isConnected(): boolean;
  /** Fires on the first connection and on every reconnection. */
  onConnect(listener: () => void): void;
  onEvent(name: string, listener: (payload: unknown) => void): void;
  offEvent(name: string, listener: (payload: unknown) => void): void;
  subscribe(
    payload: { research_id: string; after_seq: number },
    ack: (reply: unknown) => void,
  ): void;
  unsubscribe(payload: { research_id: string }): void;
}

interface Listener extends RunSubscriptionOptions {
  /** The last seq this listener was given: it gets `lastSeq + 1` next, and nothing else. */
  lastSeq: number;
  /** Events that arrived ahead of a gap (a replay for this listener is on its way). */
  ahead: Map<number, RunEvent>;
}

interface RunEntry {
  runId: string;
  /** The highest seq received for the run. */
  lastSeq: number;
  listeners: Set<Listener>;
  receive: (payload: unknown) => void;
}

/**
 * One server subscription per run, shared by every local listener of that run. Each
 * listener gets each event once, in seq order, with no gap: the server sends a run's
 * events in order from the `after_seq` of the latest subscription, so the run is
 * subscribed after the lowest seq any listener has, a listener skips what it already has,
 * and holds an event that arrives early (sent before a replay it asked for) until the
 * replay fills the gap. A reconnect resubscribes the same way. A listener that joins a run
 * already followed gets a fresh snapshot and the events after it, unless it names an
 * earlier `afterSeq`: then the events after that.
 */
export class ProgressSubscriptions {
  private readonly entries = new Map<string, RunEntry>();

  constructor(private readonly transport: ProgressTransport) {
    transport.onConnect(() => {
      for (const entry of this.entries.values()) this.send(entry);
    });
  }

  subscribe(runId: string, options: RunSubscriptionOptions = {}): () => void {
    let entry = this.entries.get(runId);
    if (!entry) {
      const created: RunEntry = {
        runId,
        lastSeq: options.afterSeq ?? 0,
        listeners: new Set(),
        receive: (payload) => this.receive(created, payload),
      };
      entry = created;
      this.entries.set(runId, entry);
      this.transport.onEvent(progressEventName(runId), entry.receive);
    }
    const listener: Listener = {
      ...options,
      lastSeq: options.afterSeq ?? entry.lastSeq,
      ahead: new Map(),
    };
    entry.listeners.add(listener);
    this.send(entry);

    const joined = entry;
    return () => {
      if (!joined.listeners.delete(listener) || joined.listeners.size > 0) return;
      this.entries.delete(runId);
      this.transport.offEvent(progressEventName(runId), joined.receive);
      if (this.transport.isConnected()) this.transport.unsubscribe({ research_id: runId });
    };
  }

  /** The highest seq received for a run, or undefined when it is not followed. */
  lastSeqOf(runId: string): number | undefined {
    return this.entries.get(runId)?.lastSeq;
  }

  private receive(entry: RunEntry, payload: unknown): void {
    const parsed = runEventSchema.safeParse(payload);
    if (!parsed.success || parsed.data.research_id !== entry.runId) return;
    const event = parsed.data;
    entry.lastSeq = Math.max(entry.lastSeq, event.seq);
    let gap = false;
    for (const listener of [...entry.listeners]) {
      if (event.seq <= listener.lastSeq) continue;
      if (event.seq > listener.lastSeq + 1) {
        // The first event past a gap asks for the missing ones (a replay may be on its way
        // already; repeats are skipped).
        if (listener.ahead.size === 0) gap = true;
        listener.ahead.set(event.seq, event);
        continue;
      }
      let next: RunEvent | undefined = event;
      while (next && entry.listeners.has(listener)) {
        listener.lastSeq = next.seq;
        listener.ahead.delete(next.seq);
        listener.onEvent?.(next);
        next = listener.ahead.get(listener.lastSeq + 1);
      }
    }
    if (gap) this.send(entry);
  }

  /** While disconnected nothing is sent: the connect handler subscribes every run. */
  private send(entry: RunEntry): void {
    if (!this.transport.isConnected()) return;
    const afterSeq = Math.min(...[...entry.listeners].map((listener) => listener.lastSeq));
    this.transport.subscribe({ research_id: entry.runId, after_seq: afterSeq }, (reply) => {
      if (this.entries.get(entry.runId) !== entry) return;
      const outcome = readAck(reply);
      for (const listener of [...entry.listeners]) {
        if ("snapshot" in outcome) listener.onSnapshot?.(outcome.snapshot);
        else listener.onError?.(outcome.error);
      }
    });
  }
}

function readAck(reply: unknown): { snapshot: RunSnapshot } | { error: string } {
  if (typeof reply !== "object" || reply === null) return { error: "No answer from the server" };
  const ack = reply as { ok?: unknown; snapshot?: unknown; error?: unknown };
  if (ack.ok === true) {
    const snapshot = runSnapshotSchema.safeParse(ack.snapshot);
    return snapshot.success ? { snapshot: snapshot.data } : { error: "Malformed run snapshot" };
  }
  return { error: typeof ack.error === "string" ? ack.error : "Subscription refused" };
}

let socket: Socket | undefined;
let shared: ProgressSubscriptions | undefined;

/** The browser's single progress socket, created on first use. */
export function progressSocket(): Socket {
  if (typeof window === "undefined") throw new Error("The progress socket runs in the browser");
  socket ??= io({ path: "/socket.io" });
  return socket;
}

function sharedSubscriptions(): ProgressSubscriptions {
  if (!shared) {
    const socket = progressSocket();
    shared = new ProgressSubscriptions({
      isConnected: () => socket.connected,
      onConnect: (listener) => socket.on("connect", listener),
      onEvent: (name, listener) => socket.on(name, listener),
      offEvent: (name, listener) => socket.off(name, listener),
      subscribe: (payload, ack) => socket.emit("subscribe_to_research", payload, ack),
      unsubscribe: (payload) => socket.emit("unsubscribe_from_research", payload),
    });
  }
  return shared;
}

/** Follows one run's progress events; call the returned function to stop. */
export function subscribeToRun(runId: string, options: RunSubscriptionOptions = {}): () => void {
  return sharedSubscriptions().subscribe(runId, options);
}
