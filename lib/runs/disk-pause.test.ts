import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "../db/client";
import { freshTestDatabase } from "../db/test-database";
import { DiskSpace } from "./disk-space";
import { RunEventBus } from "./event-bus";
import { type RunContext, type RunKind, RunKindRegistry } from "./kinds";
import { getRunById, listRunEvents } from "./queries";
import { RunService } from "./service";
import { RunWorker } from "./worker";

const MB = 1024 * 1024;
const local = { userId: "local", key: "test" };
const PAUSED =
  "Paused: DATA_DIR has 100 MB free, needs 500 MB (MIN_FREE_DISK_MB); free space to continue";

let db: Database;
let kinds: RunKindRegistry;
let worker: RunWorker | undefined;
let service: RunService;
/** What the fake filesystem reports; the check reads it afresh every time. */
let freeMb: number;
let executed: string[];

function stepsKind(
  steps: number,
  work: (context: RunContext<{ n: number }>, step: number) => Promise<void> = () => sleep(100),
): RunKind<{ n: number }> {
  return {
    kind: "steps",
    input: z.object({ n: z.number().default(0) }),
    describe: () => "steps",
    resumable: true,
    startable: true,
    async execute(context) {
      for (let step = 1; step <= steps; step++) {
        await context.step(`step-${step}`, async () => {
          executed.push(`step-${step}`);
          await work(context, step);
          return step;
        });
      }
      return { steps };
    },
  };
}

async function setUp(kind: RunKind<{ n: number }>, maxAttempts = 3) {
  kinds.register(kind);
  const bus = new RunEventBus();
  let clock = 0;
  const disk = new DiskSpace({
    dir: "/data",
    minFreeMb: 500,
    readFreeBytes: () => freeMb * MB,
    // Every check reads the filesystem: no cached second to wait out.
    now: () => (clock += 10_000),
  });
  worker = new RunWorker({
    db,
    bus,
    kinds,
    leaseMs: 2_000,
    perUserLimit: 3,
    maxAttempts,
    singleProcess: true,
    disk,
  });
  service = new RunService({
    db,
    bus,
    kinds,
    perUserLimit: 3,
    maxQueued: 100,
  });
  await worker.start();
  const { snapshot } = await service.startRun({ kind: kind.kind, input: {}, principal: local });
  return snapshot.research_id;
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000) {
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const rowOf = async (id: string) => (await getRunById(db, { id }))!;
const messagesOf = async (id: string) =>
  (await listRunEvents(db, { runId: id, afterSeq: 0, limit: 1000 })).map((event) => ({
    message: event.log_entry?.message,
    type: event.log_entry?.type,
    status: event.status,
  }));

beforeEach(async () => {
  db = (await freshTestDatabase()).db;
  kinds = new RunKindRegistry();
  freeMb = 10_000;
  executed = [];
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

it("claims nothing while the disk is low and starts the run once there is room", async () => {
  freeMb = 100;
  const id = await setUp(stepsKind(2));
  await sleep(1_200);
  expect((await rowOf(id)).status).toBe("queued");
  expect(executed).toEqual([]);
  freeMb = 10_000;
  await until(async () => (await rowOf(id)).status === "completed", "completion");
  expect(executed).toEqual(["step-1", "step-2"]);
});

it("pauses a run at its next step when the disk goes low and resumes it there, each step once", async () => {
  const id = await setUp(stepsKind(6));
  await until(() => executed.length >= 2, "two steps");
  freeMb = 100;
  await until(async () => (await rowOf(id)).status === "queued", "the pause");
  const paused = await rowOf(id);
  expect(paused.message).toBe(PAUSED);
  expect(paused.attempts).toBe(0);
  expect(await messagesOf(id)).toContainEqual({
    message: PAUSED,
    type: "warning",
    status: "queued",
  });

  const doneWhenPaused = executed.length;
  await sleep(1_200);
  expect(executed.length).toBe(doneWhenPaused);
  expect((await rowOf(id)).status).toBe("queued");

  freeMb = 10_000;
  await until(async () => (await rowOf(id)).status === "completed", "completion");
  expect(executed).toEqual(["step-1", "step-2", "step-3", "step-4", "step-5", "step-6"]);
  const messages = (await messagesOf(id)).map((event) => event.message);
  expect(messages.filter((message) => message === "Started")).toHaveLength(1);
  expect(messages.indexOf("Resumed")).toBeGreaterThan(messages.indexOf(PAUSED));
  expect((await rowOf(id)).attempts).toBe(1);
});

it("pauses cost no attempts: a run allowed two attempts completes after three pauses", async () => {
  const id = await setUp(stepsKind(8), 2);
  for (let pause = 1; pause <= 3; pause++) {
    const before = executed.length;
    await until(
      async () => executed.length > before && (await rowOf(id)).status === "in_progress",
      `a step before pause ${pause}`,
    );
    freeMb = 100;
    await until(async () => (await rowOf(id)).status === "queued", `pause ${pause}`);
    freeMb = 10_000;
  }
  await until(async () => (await rowOf(id)).status === "completed", "completion");
  expect(new Set(executed).size).toBe(8);
  expect(executed).toHaveLength(8);
  const warnings = (await messagesOf(id)).filter((event) => event.message === PAUSED);
  expect(warnings).toHaveLength(3);
  // Executions cut short by a pause are not counted: a later crash may still be resumed.
  expect((await rowOf(id)).attempts).toBe(1);
});

it("stops a run still inside a step a few seconds after the disk went low; the step runs again", async () => {
  let stuck = true;
  const id = await setUp(
    stepsKind(2, async (context, step) => {
      // The first time through, step 1 would write for a minute.
      if (step === 1 && stuck) await sleep(60_000, undefined, { signal: context.signal });
    }),
  );
  await until(() => executed.length === 1, "step 1 under way");
  freeMb = 100;
  await sleep(2_000);
  expect((await rowOf(id)).status).toBe("in_progress");
  await until(async () => (await rowOf(id)).message === PAUSED, "the pause", 10_000);
  stuck = false;
  freeMb = 10_000;
  await until(async () => (await rowOf(id)).status === "completed", "completion");
  expect(executed).toEqual(["step-1", "step-1", "step-2"]);
});

it("a write failing for a full disk pauses the run, and claims back off instead of spinning", async () => {
  let full = true;
  const id = await setUp(
    stepsKind(1, async () => {
      // Statfs sees room (say, Postgres lives on another disk), but the write does not fit.
      if (full) throw Object.assign(new Error("No space left on device"), { code: "ENOSPC" });
    }),
  );
  await until(async () => (await rowOf(id)).message.startsWith("Paused"), "the pause");
  expect((await rowOf(id)).message).toBe("Paused: the disk is full; free space to continue");
  await sleep(2_500);
  // Backing off 1 s, then 2 s: three tries at most, not one every poll or every requeue.
  expect(executed.length).toBeLessThanOrEqual(3);
  expect((await rowOf(id)).status).not.toBe("failed");
  full = false;
  await until(async () => (await rowOf(id)).status === "completed", "completion");
  expect((await rowOf(id)).attempts).toBe(1);
});
