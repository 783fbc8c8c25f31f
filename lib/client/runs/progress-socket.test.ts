import { describe, expect, it, vi } from "vitest";
import { progressEventName, type RunEvent, type RunSnapshot } from "@/lib/protocol/runs";
import { ProgressSubscriptions, type ProgressTransport } from "./progress-socket";

/** A socket stand-in: records what is sent, lets the test play the server. */
class FakeTransport implements ProgressTransport {
  connected = false;
  readonly subscribes: { research_id: string; after_seq: number }[] = [];
  readonly unsubscribes: string[] = [];
  readonly acks: ((reply: unknown) => void)[] = [];
  private connectListeners: (() => void)[] = [];
  readonly handlers = new Map<string, Set<(payload: unknown) => void>>();

  isConnected() {
    return this.connected;
  }
  onConnect(listener: () => void) {
    this.connectListeners.push(listener);
  }
  onEvent(name: string, listener: (payload: unknown) => void) {
    const set = this.handlers.get(name) ?? new Set();
    set.add(listener);
    this.handlers.set(name, set);
  }
  offEvent(name: string, listener: (payload: unknown) => void) {
    this.handlers.get(name)?.delete(listener);
  }
  subscribe(payload: { research_id: string; after_seq: number }, ack: (reply: unknown) => void) {
    this.subscribes.push(payload);
    this.acks.push(ack);
  }
  unsubscribe(payload: { research_id: string }) {
    this.unsubscribes.push(payload.research_id);
  }

  connect() {
    this.connected = true;
    for (const listener of this.connectListeners) listener();
  }
  disconnect() {
    this.connected = false;
  }
  push(runId: string, seq: number, extra: Partial<RunEvent> = {}) {
    for (const handler of this.handlers.get(progressEventName(runId)) ?? [])
      handler(event(runId, seq, extra));
  }
  listenerCount(runId: string) {
    return this.handlers.get(progressEventName(runId))?.size ?? 0;
  }
}

function event(runId: string, seq: number, extra: Partial<RunEvent> = {}): RunEvent {
  return {
    research_id: runId,
    seq,
    kind: "test.steps",
    type: "progress",
    status: "in_progress",
    progress: seq * 10,
    message: `Step ${seq}`,
    phase: "working",
    ...extra,
  };
}

const snapshot = (runId: string, seq: number): RunSnapshot => ({
  research_id: runId,
  kind: "test.steps",
  status: "in_progress",
  progress: seq * 10,
  message: `Step ${seq}`,
  phase: "working",
  steps: null,
  seq,
  created_at: "2025-01-01T00:00:00.000Z",
});

function setup() {
  const transport = new FakeTransport();
  transport.connect();
  return { transport, subscriptions: new ProgressSubscriptions(transport) };
}

describe("ProgressSubscriptions", () => {
  it("subscribes after the given seq and delivers each event once, in order", () => {
    const { transport, subscriptions } = setup();
    const seen: number[] = [];
    subscriptions.subscribe("r1", { afterSeq: 2, onEvent: (e) => seen.push(e.seq) });
    expect(transport.subscribes).toEqual([{ research_id: "r1", after_seq: 2 }]);

    for (const seq of [1, 2, 3, 4, 4, 3, 5]) transport.push("r1", seq);
    expect(seen).toEqual([3, 4, 5]);
    expect(subscriptions.lastSeqOf("r1")).toBe(5);
  });

  it("resubscribes after the last seq seen on every reconnect, and skips replays", () => {
    const { transport, subscriptions } = setup();
    const seen: number[] = [];
    subscriptions.subscribe("r1", { onEvent: (e) => seen.push(e.seq) });
    transport.push("r1", 1);
    transport.push("r1", 2);

    transport.disconnect();
    transport.connect();
    expect(transport.subscribes.at(-1)).toEqual({ research_id: "r1", after_seq: 2 });

    transport.push("r1", 2);
    transport.push("r1", 3);
    transport.disconnect();
    transport.connect();
    expect(transport.subscribes.at(-1)).toEqual({ research_id: "r1", after_seq: 3 });
    expect(seen).toEqual([1, 2, 3]);
  });

  it("waits for the connection before subscribing", () => {
    const transport = new FakeTransport();
    const subscriptions = new ProgressSubscriptions(transport);
    subscriptions.subscribe("r1", { afterSeq: 4 });
    expect(transport.subscribes).toEqual([]);
    transport.connect();
    expect(transport.subscribes).toEqual([{ research_id: "r1", after_seq: 4 }]);
  });

  it("passes the acknowledged snapshot or the refusal to the listener", () => {
    const { transport, subscriptions } = setup();
    const onSnapshot = vi.fn();
    const onError = vi.fn();
    subscriptions.subscribe("r1", { onSnapshot, onError });
    transport.acks[0]({ ok: true, snapshot: snapshot("r1", 7) });
    expect(onSnapshot).toHaveBeenCalledWith(snapshot("r1", 7));

    subscriptions.subscribe("gone", { onSnapshot, onError });
    transport.acks[1]({ ok: false, error: "Run not found" });
    expect(onError).toHaveBeenCalledWith("Run not found");
  });

  it("shares one server subscription between listeners of a run", () => {
    const { transport, subscriptions } = setup();
    const first: number[] = [];
    const second: number[] = [];
    const stopFirst = subscriptions.subscribe("r1", { onEvent: (e) => first.push(e.seq) });
    transport.push("r1", 1);
    const stopSecond = subscriptions.subscribe("r1", { onEvent: (e) => second.push(e.seq) });
    // The second listener's subscription continues after what was already received.
    expect(transport.subscribes.at(-1)).toEqual({ research_id: "r1", after_seq: 1 });
    expect(transport.listenerCount("r1")).toBe(1);
    transport.push("r1", 2);
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([2]);

    stopFirst();
    expect(transport.unsubscribes).toEqual([]);
    transport.push("r1", 3);
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([2, 3]);
    stopSecond();
    expect(transport.unsubscribes).toEqual(["r1"]);
  });

  it("replays to a joining listener from the cursor it names, without repeats for the others", () => {
    const { transport, subscriptions } = setup();
    const first: number[] = [];
    const second: number[] = [];
    subscriptions.subscribe("r1", { onEvent: (e) => first.push(e.seq) });
    for (const seq of [1, 2, 3]) transport.push("r1", seq);
    subscriptions.subscribe("r1", { afterSeq: 1, onEvent: (e) => second.push(e.seq) });
    expect(transport.subscribes.at(-1)).toEqual({ research_id: "r1", after_seq: 1 });
    for (const seq of [2, 3, 4]) transport.push("r1", seq);
    expect(first).toEqual([1, 2, 3, 4]);
    expect(second).toEqual([2, 3, 4]);
    expect(subscriptions.lastSeqOf("r1")).toBe(4);
  });

  it("holds an event sent ahead of a joining listener's replay until the replay fills the gap", () => {
    const { transport, subscriptions } = setup();
    const first: number[] = [];
    const second: number[] = [];
    subscriptions.subscribe("r1", { onEvent: (e) => first.push(e.seq) });
    for (const seq of [1, 2, 3]) transport.push("r1", seq);
    subscriptions.subscribe("r1", { afterSeq: 1, onEvent: (e) => second.push(e.seq) });
    // The old server subscription sends 4 before the new one replays from 2.
    transport.push("r1", 4);
    expect(second).toEqual([]);
    for (const seq of [2, 3, 4, 5]) transport.push("r1", seq);
    expect(second).toEqual([2, 3, 4, 5]);
    expect(first).toEqual([1, 2, 3, 4, 5]);
  });

  it("asks the server again for what a listener misses", () => {
    const { transport, subscriptions } = setup();
    const seen: number[] = [];
    subscriptions.subscribe("r1", { onEvent: (e) => seen.push(e.seq) });
    transport.push("r1", 1);
    const before = transport.subscribes.length;
    transport.push("r1", 3);
    expect(transport.subscribes.slice(before)).toEqual([{ research_id: "r1", after_seq: 1 }]);
    transport.push("r1", 4);
    expect(transport.subscribes.length).toBe(before + 1);
    for (const seq of [2, 3, 4]) transport.push("r1", seq);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it("removes its listeners on unsubscribe and ignores late acknowledgements", () => {
    const { transport, subscriptions } = setup();
    const onEvent = vi.fn();
    const onSnapshot = vi.fn();
    const stop = subscriptions.subscribe("r1", { onEvent, onSnapshot });
    stop();
    stop();
    expect(transport.listenerCount("r1")).toBe(0);
    expect(transport.unsubscribes).toEqual(["r1"]);

    transport.acks[0]({ ok: true, snapshot: snapshot("r1", 1) });
    transport.push("r1", 1);
    transport.connect();
    expect(onEvent).not.toHaveBeenCalled();
    expect(onSnapshot).not.toHaveBeenCalled();
    expect(transport.subscribes).toHaveLength(1);
    expect(subscriptions.lastSeqOf("r1")).toBeUndefined();
  });

  it("drops payloads that are not events of the run", () => {
    const { transport, subscriptions } = setup();
    const onEvent = vi.fn();
    subscriptions.subscribe("r1", { onEvent });
    for (const handler of transport.handlers.get(progressEventName("r1")) ?? []) {
      handler({ nonsense: true });
      handler(event("r2", 1));
    }
    expect(onEvent).not.toHaveBeenCalled();
  });
});
