import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "../db/client";
import { runs } from "../db/schema";
import { freshTestDatabase } from "../db/test-database";
import { AppError } from "../errors";
import type { RunEvent } from "../protocol/runs";
import { RunEventBus } from "./event-bus";
import { RunEventWriter } from "./event-writer";
import { type RunContext, type RunKind, RunKindRegistry } from "./kinds";
import { getRunById, listRunEvents, saveStepResult } from "./queries";
import { RunService } from "./service";
import { RunWorker } from "./worker";

const local = { userId: "local", key: "test" };
const other = { userId: "other", key: "test" };

let db: Database;
let bus: RunEventBus;
let kinds: RunKindRegistry;
let worker: RunWorker | undefined;
let service: RunService;
const published: RunEvent[] = [];

/** A kind whose behaviour each test scripts. */
function kind(
  name: string,
  execute: (context: RunContext<{ n: number }>) => Promise<unknown>,
  resumable = true,
): RunKind<{ n: number }> {
  return {
    kind: name,
    input: z.object({ n: z.number().default(0) }),
    describe: (input) => `${name} ${input.n}`,
    resumable,
    startable: true,
    execute,
  };
}

function setUp(perUserLimit = 3) {
  worker = new RunWorker({
    db,
    bus,
    kinds,
    leaseMs: 2_000,
    perUserLimit,
    maxAttempts: 3,
    singleProcess: true,
  });
  service = new RunService({
    db,
    bus,
    kinds,
    perUserLimit,
    maxQueued: 100,
  });
  return worker.start();
}

async function until(check: () => Promise<boolean> | boolean, what: string) {
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const statusOf = async (id: string) => (await getRunById(db, { id }))?.status;

beforeEach(async () => {
  db = (await freshTestDatabase()).db;
  bus = new RunEventBus();
  kinds = new RunKindRegistry();
  published.length = 0;
  bus.on("events", (_runId, events) => published.push(...events));
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

describe("RunEventWriter", () => {
  it("joins each page's text within a flush whatever the page concurrency", async () => {
    const [row] = await db
      .insert(runs)
      .values({ id: "w-pages", kind: "k", userId: "local", input: {} })
      .returning();
    const writer = new RunEventWriter(db, bus, row, {
      status: "in_progress",
      progress: 0,
      message: "",
      phase: "writing",
    });
    // Three pages written at once: their words arrive interleaved, with progress between.
    for (let word = 0; word < 5; word++) {
      for (const page of ["a", "b", "c"]) writer.partial(`${page}${word} `, page);
      writer.progress({ progress: word * 10 });
    }
    writer.log("Page b written", { metadata: { page_id: "b" } });
    writer.partial("late-a ", "a");
    writer.partial("late-b ", "b");
    await writer.close();

    const events = await listRunEvents(db, { runId: "w-pages", afterSeq: 0, limit: 100 });
    expect(events.map((event) => [event.type, event.partial?.page_id])).toEqual([
      ["partial", "a"],
      ["partial", "b"],
      ["partial", "c"],
      ["progress", undefined],
      ["log", undefined],
      ["partial", "b"],
    ]);
    expect(events[0].partial?.text).toBe("a0 a1 a2 a3 a4 late-a ");
    // Text of page b after its own log line stays after it.
    expect(events[1].partial?.text).toBe("b0 b1 b2 b3 b4 ");
    expect(events[5].partial?.text).toBe("late-b ");
    expect(events[3].progress).toBe(40);
  });

  it("batches: progress collapses, partial text of one page joins, logs stay apart", async () => {
    const [row] = await db
      .insert(runs)
      .values({ id: "w1", kind: "k", userId: "local", input: {} })
      .returning();
    const writer = new RunEventWriter(db, bus, row, {
      status: "in_progress",
      progress: 0,
      message: "",
      phase: "",
    });
    writer.progress({ progress: 10, phase: "one" });
    writer.progress({ progress: 30, steps: { done: 1, total: 3 } });
    writer.progress({ progress: 20 }); // never decreases
    writer.partial("Hel", "p");
    writer.partial("lo", "p");
    writer.partial("other", "q");
    writer.log("first", { type: "milestone" });
    writer.log("second");
    await writer.close();
    writer.log("after close is dropped");
    await writer.flush();

    const events = await listRunEvents(db, { runId: "w1", afterSeq: 0, limit: 100 });
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((event) => event.type)).toEqual([
      "progress",
      "partial",
      "partial",
      "log",
      "log",
    ]);
    expect(events[0]).toMatchObject({ progress: 30, phase: "one", steps: { done: 1, total: 3 } });
    expect(events[1].partial).toEqual({ page_id: "p", text: "Hello" });
    expect(events[2].partial).toEqual({ page_id: "q", text: "other" });
    expect(events[3].log_entry).toMatchObject({
      message: "first",
      type: "milestone",
      metadata: { phase: "one" },
    });
    expect(published.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await getRunById(db, { id: "w1" }))?.lastSeq).toBe(5);
  });
});

describe("RunWorker", () => {
  it("executes a run to completed with monotonic progress and a stored result", async () => {
    kinds.register(
      kind("ok", async (context) => {
        for (let step = 1; step <= 3; step++) {
          context.progress({ progress: step * 30, steps: { done: step, total: 3 }, phase: "work" });
          await sleep(5);
        }
        return { answer: 42 };
      }),
    );
    await setUp();
    const { snapshot } = await service.startRun({ kind: "ok", input: { n: 1 }, principal: local });
    await until(async () => (await statusOf(snapshot.research_id)) === "completed", "completion");
    const row = await getRunById(db, { id: snapshot.research_id });
    expect(row).toMatchObject({
      result: { answer: 42 },
      progress: 100,
      title: "ok 1",
      attempts: 1,
    });
    const events = await listRunEvents(db, {
      runId: snapshot.research_id,
      afterSeq: 0,
      limit: 100,
    });
    expect(events[0]).toMatchObject({ type: "status", status: "queued", seq: 1 });
    expect(events.at(-1)).toMatchObject({ type: "status", status: "completed", progress: 100 });
    const progress = events.map((event) => event.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("holds a user's excess runs in the queue while other users' runs proceed", async () => {
    const release = new Set<string>();
    kinds.register(
      kind("gate", async (context) => {
        await until(() => release.has(context.runId), "release");
      }),
    );
    await setUp(1);
    const first = await service.startRun({ kind: "gate", input: {}, principal: local });
    const second = await service.startRun({ kind: "gate", input: {}, principal: local });
    const theirs = await service.startRun({ kind: "gate", input: {}, principal: other });
    expect(first.queuePosition).toBeUndefined();
    expect(second.queuePosition).toBe(1);
    expect(theirs.queuePosition).toBeUndefined();
    await until(
      async () => (await statusOf(theirs.snapshot.research_id)) === "in_progress",
      "other user",
    );
    await until(
      async () => (await statusOf(first.snapshot.research_id)) === "in_progress",
      "first",
    );
    await sleep(600);
    expect(await statusOf(second.snapshot.research_id)).toBe("queued");
    release.add(first.snapshot.research_id);
    await until(
      async () => (await statusOf(second.snapshot.research_id)) === "in_progress",
      "second",
    );
    release.add(second.snapshot.research_id);
    release.add(theirs.snapshot.research_id);
  });

  it("fails with the kind's own message for an AppError and a generic one otherwise", async () => {
    kinds.register(
      kind("boom", async (context) => {
        if (context.input.n === 1)
          throw new AppError("bad_request:test", "The repository is empty");
        throw new Error("secret internal detail at /srv/x");
      }),
    );
    await setUp();
    const shown = await service.startRun({ kind: "boom", input: { n: 1 }, principal: local });
    const hidden = await service.startRun({ kind: "boom", input: { n: 2 }, principal: local });
    await until(async () => (await statusOf(hidden.snapshot.research_id)) === "failed", "failure");
    await until(async () => (await statusOf(shown.snapshot.research_id)) === "failed", "failure");
    expect((await getRunById(db, { id: shown.snapshot.research_id }))?.error).toBe(
      "The repository is empty",
    );
    const hiddenRow = await getRunById(db, { id: hidden.snapshot.research_id });
    expect(hiddenRow?.error).toBe("The run failed with an internal error");
  });

  it("cancels a running run through its signal; nothing is written after the final status", async () => {
    let aborted = false;
    kinds.register(
      kind("long", async (context) => {
        context.signal.addEventListener("abort", () => {
          aborted = true;
        });
        for (;;) {
          context.progress({ message: "tick" });
          await sleep(10, undefined, { signal: context.signal });
        }
      }),
    );
    await setUp();
    const { snapshot } = await service.startRun({ kind: "long", input: {}, principal: local });
    const id = snapshot.research_id;
    await until(async () => (await statusOf(id)) === "in_progress", "start");
    await service.cancelRun((await getRunById(db, { id }))!);
    await until(async () => (await statusOf(id)) === "cancelled", "cancel");
    expect(aborted).toBe(true);
    const events = await listRunEvents(db, { runId: id, afterSeq: 0, limit: 1000 });
    expect(events.at(-1)?.status).toBe("cancelled");
    await sleep(300);
    expect((await listRunEvents(db, { runId: id, afterSeq: 0, limit: 1000 })).length).toBe(
      events.length,
    );
  });

  it("resumes an orphaned resumable run without redoing finished steps, fails the others", async () => {
    const calls: string[] = [];
    const steps = async (context: RunContext<{ n: number }>) => {
      for (const name of ["a", "b", "c"]) {
        await context.step(name, async () => {
          calls.push(`${context.runId}:${name}`);
          return name;
        });
      }
    };
    kinds.register(kind("resumable", steps, true));
    kinds.register(kind("fragile", steps, false));
    const past = new Date(Date.now() - 60_000);
    const orphan = {
      userId: "local",
      input: { n: 0 },
      status: "in_progress" as const,
      leaseOwner: "dead:1",
      leaseExpiresAt: past,
      attempts: 1,
    };
    await db.insert(runs).values([
      { ...orphan, id: "r1", kind: "resumable" },
      { ...orphan, id: "f1", kind: "fragile" },
    ]);
    await saveStepResult(db, { runId: "r1", name: "a", result: "a" });
    await setUp();
    await until(async () => (await statusOf("r1")) === "completed", "resumed run");
    await until(async () => (await statusOf("f1")) === "failed", "failed run");
    expect(calls).toEqual(["r1:b", "r1:c"]);
    expect((await getRunById(db, { id: "f1" }))?.error).toMatch(/stopped/);
    expect((await getRunById(db, { id: "r1" }))?.attempts).toBe(2);
  });
});
