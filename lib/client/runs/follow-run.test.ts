import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  progressEventName,
  type RunEvent,
  type RunSnapshot,
  type RunStatus,
} from "@/lib/protocol/runs";
import { type FeedTransport, RunFeed, type RunPollSource, type SocketLink } from "./follow-run";
import { ProgressSubscriptions, type ProgressTransport } from "./progress-socket";

const RUN = "run-1";

function event(seq: number, status: RunStatus = "in_progress"): RunEvent {
  return {
    research_id: RUN,
    seq,
    kind: "research",
    type: "log",
    status,
    progress: seq,
    message: `line ${seq}`,
    phase: "retrieving",
  };
}

function snapshot(seq: number, status: RunStatus = "in_progress"): RunSnapshot {
  return {
    research_id: RUN,
    kind: "research",
    status,
    progress: seq,
    message: `line ${seq}`,
    phase: "retrieving",
    steps: null,
    seq,
    created_at: "2025-01-01T00:00:00.000Z",
  };
}

/**
 * A Socket.IO stand-in behind the real ProgressSubscriptions: the test connects, drops
 * and fails it, and plays the server (acks and pushed events).
 */
class FakeSocket implements ProgressTransport {
  connected = false;
  readonly subscribes: { research_id: string; after_seq: number }[] = [];
  private acks: ((reply: unknown) => void)[] = [];
  private readonly connectListeners: (() => void)[] = [];
  private readonly stateListeners = new Set<(state: "up" | "down" | "failed") => void>();
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();
  private readonly subscriptions = new ProgressSubscriptions(this);

  readonly link: SocketLink = {
    isConnected: () => this.connected,
    onStateChange: (listener) => {
      this.stateListeners.add(listener);
      return () => this.stateListeners.delete(listener);
    },
    follow: (runId, options) => this.subscriptions.subscribe(runId, options),
  };

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
  unsubscribe() {}

  connect() {
    this.connected = true;
    for (const listener of this.connectListeners) listener();
    for (const listener of [...this.stateListeners]) listener("up");
  }
  drop() {
    this.connected = false;
    for (const listener of [...this.stateListeners]) listener("down");
  }
  fail() {
    for (const listener of [...this.stateListeners]) listener("failed");
  }
  ackAll(seq: number, fields: Partial<RunSnapshot> = {}) {
    const pending = this.acks;
    this.acks = [];
    for (const ack of pending) ack({ ok: true, snapshot: { ...snapshot(seq), ...fields } });
  }
  push(...events: RunEvent[]) {
    for (const item of events)
      for (const handler of this.handlers.get(progressEventName(RUN)) ?? []) handler(item);
  }
}

/** The HTTP endpoints over a list of stored events, with every request recorded. */
class FakeHttp implements RunPollSource {
  stored: RunEvent[] = [];
  status: RunStatus = "in_progress";
  queuePosition: number | undefined;
  snapshotRequests = 0;
  readonly logRequests: number[] = [];
  async fetchEvents(_runId: string, afterSeq: number, limit: number) {
    this.logRequests.push(afterSeq);
    return { events: this.stored.filter((e) => e.seq > afterSeq).slice(0, limit) };
  }
  async fetchSnapshot() {
    this.snapshotRequests++;
    const current = snapshot(this.stored.at(-1)?.seq ?? 0, this.status);
    return this.queuePosition ? { ...current, queue_position: this.queuePosition } : current;
  }
}

function setup({
  connected = true,
  afterSeq = 0,
  fromNow = false,
  stored = [] as RunEvent[],
  status = "in_progress" as RunStatus,
} = {}) {
  const socket = new FakeSocket();
  if (connected) socket.connected = true;
  const http = new FakeHttp();
  http.stored = stored;
  http.status = status;
  const seen: number[] = [];
  const transports: FeedTransport[] = [];
  const snapshots: number[] = [];
  const positions: (number | undefined)[] = [];
  const feed = new RunFeed(
    RUN,
    {
      onEvent: (e) => seen.push(e.seq),
      onSnapshot: (s) => {
        snapshots.push(s.seq);
        positions.push(s.queue_position);
      },
      onTransport: (t) => transports.push(t),
    },
    socket.link,
    http,
    { afterSeq, fromNow, connectTimeoutMs: 1_000, pollIntervalMs: 500, queuePollMs: 2_000 },
  );
  return { socket, http, seen, transports, snapshots, positions, feed };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("RunFeed", () => {
  it("follows the socket after the given seq and drops replays", () => {
    const { socket, seen, transports } = setup({ afterSeq: 3 });
    expect(socket.subscribes).toEqual([{ research_id: RUN, after_seq: 3 }]);
    socket.ackAll(3);
    socket.push(event(2), event(4), event(5), event(5), event(4), event(6));
    expect(seen).toEqual([4, 5, 6]);
    expect(transports).toEqual(["socket"]);
  });

  it("resubscribes after the last seq it delivered on every reconnect", () => {
    const { socket, seen } = setup();
    socket.ackAll(0);
    socket.push(event(1), event(2));
    socket.drop();
    socket.connect();
    expect(socket.subscribes.at(-1)).toEqual({ research_id: RUN, after_seq: 2 });
    socket.ackAll(2);
    socket.push(event(2), event(3));
    expect(seen).toEqual([1, 2, 3]);
  });

  it("polls status and logs when the socket cannot connect, and never delivers twice", async () => {
    const { socket, http, seen, transports } = setup({ connected: false });
    expect(transports).toEqual(["connecting"]);
    http.stored = range(1, 3).map((seq) => event(seq));
    socket.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(transports).toEqual(["connecting", "polling"]);
    expect(seen).toEqual([1, 2, 3]);

    http.stored.push(event(4), event(5));
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(http.logRequests).toEqual([0, 3]);
  });

  it("falls back to polling when the socket neither connects nor fails within the timeout", async () => {
    const { http, seen, transports } = setup({ connected: false });
    http.stored = [event(1)];
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(transports.at(-1)).toBe("polling");
    expect(seen).toEqual([1]);
  });

  it("falls back when a connected socket never acknowledges the subscription", async () => {
    const { http, seen, transports } = setup();
    http.stored = [event(1), event(2)];
    await vi.advanceTimersByTimeAsync(1_000);
    expect(transports).toEqual(["polling"]);
    expect(seen).toEqual([1, 2]);
  });

  it("goes back to the socket after polling, from the polled cursor, without duplicates", async () => {
    const { socket, http, seen, transports } = setup({ connected: false });
    http.stored = range(1, 4).map((seq) => event(seq));
    socket.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([1, 2, 3, 4]);

    socket.connect();
    expect(socket.subscribes.at(-1)).toEqual({ research_id: RUN, after_seq: 4 });
    socket.ackAll(4);
    expect(transports.at(-1)).toBe("socket");
    // A replay overlapping what polling delivered, then new events.
    socket.push(event(3), event(4), event(5));
    http.stored.push(event(5), event(6));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(http.logRequests).toEqual([0]);
  });

  it("reads every page of a long log before the snapshot", async () => {
    const { socket, http, seen } = setup({ connected: false });
    http.stored = range(1, 1_200).map((seq) => event(seq));
    socket.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(range(1, 1_200));
    expect(http.logRequests).toEqual([0, 500, 1_000]);
  });

  it("stops polling once the run has finished and everything is in", async () => {
    const { socket, http, seen, snapshots } = setup({ connected: false });
    http.stored = [event(1), event(2, "completed")];
    http.status = "completed";
    socket.fail();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([1, 2]);
    expect(snapshots).toEqual([2]);
    expect(http.logRequests).toEqual([0]);
  });

  it("says it is reconnecting while neither the socket nor a poll answers, and recovers", async () => {
    const { socket, http, seen, transports } = setup({ connected: false });
    const fetchEvents = http.fetchEvents.bind(http);
    let down = true;
    http.fetchEvents = async (runId: string, afterSeq: number, limit: number) => {
      if (down) throw Object.assign(new Error("The server could not be reached"), { status: 0 });
      return fetchEvents(runId, afterSeq, limit);
    };
    socket.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(transports.at(-1)).toBe("reconnecting");
    // It keeps trying; a poll that answers again is polling again.
    http.stored = [event(1)];
    down = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(transports.at(-1)).toBe("polling");
    expect(seen).toEqual([1]);
    socket.connect();
    socket.ackAll(1);
    expect(transports.at(-1)).toBe("socket");
  });

  it("stops polling a run the server does not know", async () => {
    const { socket, http } = setup({ connected: false });
    http.fetchEvents = async (_runId: string, afterSeq: number) => {
      http.logRequests.push(afterSeq);
      throw Object.assign(new Error("Run not found"), { status: 404 });
    };
    socket.fail();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(http.logRequests).toEqual([0]);
  });

  it("reads a queued run's place in line again until it starts", async () => {
    const { socket, http, positions } = setup();
    socket.ackAll(0, { status: "queued", queue_position: 3 });
    expect(positions).toEqual([3]);
    http.status = "queued";
    http.queuePosition = 2;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(positions).toEqual([3, 2]);
    http.queuePosition = 1;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(positions).toEqual([3, 2, 1]);

    // It starts: the event says so, and nobody asks again.
    socket.push(event(1, "in_progress"));
    const asked = http.snapshotRequests;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(http.snapshotRequests).toBe(asked);
  });

  it("goes quiet when stopped", async () => {
    const { socket, http, seen, feed } = setup({ connected: false });
    http.stored = [event(1)];
    feed.stop();
    socket.fail();
    socket.connect();
    socket.push(event(1));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([]);
    expect(http.logRequests).toEqual([]);
    expect(socket.subscribes).toEqual([]);
  });

  it("from now: reads the snapshot first and follows only later events", async () => {
    const { socket, seen, snapshots } = setup({
      fromNow: true,
      stored: range(1, 5).map((seq) => event(seq)),
    });
    expect(socket.subscribes).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots).toEqual([5]);
    expect(socket.subscribes).toEqual([{ research_id: RUN, after_seq: 5 }]);
    socket.ackAll(5);
    socket.push(event(4), event(5), event(6));
    expect(seen).toEqual([6]);
  });

  it("from now: does not follow a run that has already finished", async () => {
    const { socket, http, snapshots } = setup({
      fromNow: true,
      stored: [event(1)],
      status: "completed",
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(snapshots).toEqual([1]);
    expect(socket.subscribes).toEqual([]);
    expect(http.logRequests).toEqual([]);
  });
});
