import { describe, expect, it } from "vitest";
import { healthCheck } from "./client";

/** A database whose checks answer when the test says so, on a clock the test moves. */
function harness() {
  let time = 0;
  let otherAnswer = Number.NEGATIVE_INFINITY;
  const queued: (() => void)[] = [];
  let closed = false;
  const ping = healthCheck(
    () => new Promise<void>((resolve) => queued.push(resolve)),
    () => closed,
    () => time,
    () => otherAnswer,
  );
  return {
    ping,
    queued,
    /** Another query (not the check's) is answered now. */
    otherQueryAnswered: () => {
      otherAnswer = time;
    },
    advance: (ms: number) => {
      time += ms;
    },
    answerAll: async () => {
      for (const resolve of queued.splice(0)) resolve();
      await new Promise((resolve) => setImmediate(resolve));
    },
    close: () => {
      closed = true;
    },
  };
}

describe("healthCheck", () => {
  it("waits for the first answer, then answers from a recent one without queueing a check", async () => {
    const db = harness();
    const first = db.ping();
    expect(db.queued).toHaveLength(1);
    await db.answerAll();
    expect(await first).toBe(true);
    db.advance(500);
    expect(await db.ping()).toBe(true);
    expect(db.queued).toHaveLength(0);
  });

  it("checks again in the background once a second, one check at a time, answering meanwhile", async () => {
    const db = harness();
    const first = db.ping();
    await db.answerAll();
    await first;
    db.advance(1_200);
    // The database is busy: the check waits in its queue, health answers from the last answer.
    expect(await db.ping()).toBe(true);
    expect(await db.ping()).toBe(true);
    expect(db.queued).toHaveLength(1);
  });

  it("is down once a check is later than the timeout, and when closed", async () => {
    const db = harness();
    const first = db.ping(50);
    await db.answerAll();
    await first;
    db.advance(1_000);
    expect(await db.ping(50)).toBe(false); // the check under way never answers within 50 ms
    db.close();
    expect(await db.ping()).toBe(false);
  });

  it("counts any query the database answered: a busy queue does not make it wait for its own", async () => {
    const db = harness();
    db.otherQueryAnswered();
    expect(await db.ping()).toBe(true);
    expect(db.queued).toHaveLength(0);
    // Its own check still goes out once answers are a second old, without being waited for.
    db.advance(1_500);
    expect(await db.ping()).toBe(true);
    expect(db.queued).toHaveLength(1);
    db.otherQueryAnswered();
    db.advance(1_900);
    expect(await db.ping()).toBe(true);
    // Nothing answered for longer than the timeout: the check is waited for.
    db.advance(200);
    const waiting = db.ping();
    await db.answerAll();
    expect(await waiting).toBe(true);
  });
});
