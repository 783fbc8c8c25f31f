import { describe, expect, it } from "vitest";
import type { Notifier } from "../db/notify";
import { RunBusBridge } from "./bus-bridge";
import { RunEventBus } from "./event-bus";

/** Postgres's LISTEN/NOTIFY in miniature: every notifier hears every message, its own too. */
function channel() {
  const handlers: ((payload: string) => void)[] = [];
  const notifier = (): Notifier => ({
    publish: (payload) => {
      for (const handler of [...handlers]) handler(payload);
    },
    onMessage: (handler) => void handlers.push(handler),
    close: async () => undefined,
  });
  return { notifier };
}

function recorder(bus: RunEventBus) {
  const seen: string[] = [];
  bus.on("written", (runId) => seen.push(`written ${runId}`));
  bus.on("runnable", () => seen.push("runnable"));
  bus.on("cancelRequested", (runId) => seen.push(`cancel ${runId}`));
  return seen;
}

describe("RunBusBridge", () => {
  it("wakes the other processes, not itself, and sends nothing back", () => {
    const { notifier } = channel();
    const [a, b, c] = [new RunEventBus(), new RunEventBus(), new RunEventBus()];
    for (const bus of [a, b, c]) new RunBusBridge(notifier(), bus);
    const [onA, onB, onC] = [a, b, c].map(recorder);

    a.emit("events", "r1", []);
    a.emit("runnable");
    b.emit("cancelRequested", "r2");

    // Each local emit is heard once where it was made (no echo from the others) and
    // relayed once to each other process.
    expect(onA).toEqual(["runnable", "cancel r2"]);
    expect(onB).toEqual(["written r1", "runnable", "cancel r2"]);
    expect(onC).toEqual(["written r1", "runnable", "cancel r2"]);
  });

  it("ignores messages it cannot read and stops relaying once closed", async () => {
    const { notifier } = channel();
    const a = new RunEventBus();
    const b = new RunEventBus();
    const shared = notifier();
    const bridge = new RunBusBridge(notifier(), a);
    new RunBusBridge(shared, b);
    const onB = recorder(b);
    shared.publish("not json");
    shared.publish(JSON.stringify({ origin: "x", type: "events" }));
    expect(onB).toEqual([]);
    await bridge.close();
    a.emit("events", "r1", []);
    expect(onB).toEqual([]);
  });
});
