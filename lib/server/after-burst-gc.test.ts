import { describe, expect, it } from "vitest";
import { AfterBurstCollector } from "./after-burst-gc";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("AfterBurstCollector", () => {
  it("collects once, delayMs after the last of several bursts", async () => {
    let collected = 0;
    const collector = new AfterBurstCollector({
      delayMs: 100,
      collect: async () => {
        collected++;
      },
    });
    collector.burstEnded();
    await sleep(60);
    collector.burstEnded();
    await sleep(60);
    expect(collected).toBe(0);
    await sleep(120);
    expect(collected).toBe(1);
  });

  it("runs V8's low-memory collection of this thread when none is given", async () => {
    const collector = new AfterBurstCollector({ delayMs: 1 });
    let garbage: unknown[] | null = Array.from({ length: 1e5 }, (_, i) => ({ i }));
    const ref = new WeakRef(garbage[0] as object);
    garbage = null;
    collector.burstEnded();
    await sleep(300);
    expect(ref.deref()).toBeUndefined();
  });

  it("does nothing once closed", async () => {
    let collected = 0;
    const collector = new AfterBurstCollector({
      delayMs: 20,
      collect: async () => {
        collected++;
      },
    });
    collector.burstEnded();
    collector.close();
    await sleep(60);
    expect(collected).toBe(0);
  });
});
