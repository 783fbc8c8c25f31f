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
  lastSeq: number;
}

interface RunEntry {
  runId: string;
  /** The highest seq received for the run: after_seq of the next (re)subscription. */
  lastSeq: number;
  listeners: Set<Listener>;
  receive: (payload: unknown) => void;
}

/**
 * One server subscription per run, shared by every local listener of that run. Events
 * are delivered once each, in seq order: anything at or below the last seq seen is a
 * replay and dropped. A reconnect resubscribes every run after its last seq, so the
 * server sends exactly what was missed. A listener that joins a run already followed
 * gets a fresh snapshot and the events after it, not the earlier history, unless it names
 * an earlier `afterSeq`: then the events after that.
 */
export class ProgressSubscriptions {
  private readonly entries = new Map<string, RunEntry>();

  constructor(private readonly transport: ProgressTransport) {
    transport.onConnect(() => {
      for (const entry of this.entries.values()) this.send(entry);
    });
  }

  subscribe(runId: string, options: RunSubscriptionOptions = {}): () => void {
    const listener: Listener = { ...options, lastSeq: options.afterSeq ?? 0 };
    let entry = this.entries.get(runId);
    if (!entry) {
      const created: RunEntry = {
        runId,
        lastSeq: listener.lastSeq,
        listeners: new Set(),
        receive: (payload) => this.receive(created, payload),
      };
      entry = created;
      this.entries.set(runId, entry);
      this.transport.onEvent(progressEventName(runId), entry.receive);
    }
    // A listener that names a cursor behind the run's gets what it missed: the run is
    // subscribed again from there (the server replays in order; the others skip repeats).
    if (options.afterSeq !== undefined && options.afterSeq < entry.lastSeq)
      entry.lastSeq = options.afterSeq;
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

  /** The highest seq delivered for a run, or undefined when it is not followed. */
  lastSeqOf(runId: string): number | undefined {
    return this.entries.get(runId)?.lastSeq;
  }

  private receive(entry: RunEntry, payload: unknown): void {
    const parsed = runEventSchema.safeParse(payload);
    if (!parsed.success || parsed.data.research_id !== entry.runId) return;
    const event = parsed.data;
    if (event.seq <= entry.lastSeq) return;
    entry.lastSeq = event.seq;
    for (const listener of [...entry.listeners]) {
      if (event.seq <= listener.lastSeq) continue;
      listener.lastSeq = event.seq;
      listener.onEvent?.(event);
    }
  }

  /** While disconnected nothing is sent: the connect handler subscribes every run. */
  private send(entry: RunEntry): void {
    if (!this.transport.isConnected()) return;
    this.transport.subscribe({ research_id: entry.runId, after_seq: entry.lastSeq }, (reply) => {
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
