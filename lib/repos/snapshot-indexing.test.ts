import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "../db/client";
import { runs } from "../db/schema";
import { freshTestDatabase } from "../db/test-database";
import { AppError } from "../errors";
import { RunEventBus } from "../runs/event-bus";
import { type RunContext, RunKindRegistry } from "../runs/kinds";
import { RunService } from "../runs/service";
import { RunWorker } from "../runs/worker";
import { TokenVault } from "../security/token-vault";
import { getSnapshotById, type RepositoryRow, updateSnapshot, upsertRepository } from "./queries";
import { RepoService } from "./service";
import { type IndexProgress, startOrJoinIndexRun, waitForIndex } from "./snapshot-indexing";

const principal = { userId: "local", key: "test" };

/** What the scripted index kind does with a snapshot; each test sets it. */
let indexing: (context: RunContext<{ snapshot_id: string }>) => Promise<unknown>;

let db: Database;
let kinds: RunKindRegistry;
let repository: RepositoryRow;
const workers: RunWorker[] = [];

function runService(bus: RunEventBus) {
  return new RunService({
    db,
    bus,
    kinds,
    perUserLimit: 5,
    maxQueued: 100,
  });
}

/** A worker executing runs in this process, announcing on `bus`. */
async function startWorker(bus: RunEventBus) {
  const worker = new RunWorker({
    db,
    bus,
    kinds,
    leaseMs: 5_000,
    perUserLimit: 5,
    maxAttempts: 1,
    singleProcess: true,
  });
  workers.push(worker);
  await worker.start();
}

const indexRequest = (commit: string) => ({
  principal,
  repository,
  commit,
  ref: null,
  filters: {},
  filtersKey: "default",
});

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

async function drain(
  waiting: AsyncGenerator<IndexProgress, unknown>,
  onProgress: (progress: IndexProgress) => void = () => {},
) {
  for (;;) {
    const step = await waiting.next();
    if (step.done) return step.value;
    onProgress(step.value);
  }
}

beforeEach(async () => {
  db = (await freshTestDatabase()).db;
  kinds = new RunKindRegistry();
  kinds.register({
    kind: "index",
    input: z.object({ snapshot_id: z.string() }),
    describe: () => "index",
    resumable: false,
    execute: (context) => indexing(context),
  });
  repository = await upsertRepository(db, {
    id: "local~shop",
    kind: "local",
    source: "/repos/shop",
    owner: "local",
    name: "shop",
    createdBy: "local",
  });
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

describe("starting the index of a snapshot", () => {
  it("gives callers racing for one snapshot one run; a run that lost the claim is cancelled", async () => {
    const deps = { db, runs: runService(new RunEventBus()), vault: new TokenVault() };
    const started = await Promise.all(
      Array.from({ length: 4 }, () => startOrJoinIndexRun(deps, indexRequest("c".repeat(40)))),
    );
    const runIds = new Set(started.map((result) => result.runId));
    expect(runIds.size).toBe(1);
    const snapshot = await getSnapshotById(db, { id: started[0].snapshot.id });
    expect(snapshot?.runId).toBe([...runIds][0]);
    const all = await db.select().from(runs);
    expect(all.filter((run) => run.status !== "cancelled").map((run) => run.id)).toEqual([
      ...runIds,
    ]);
  });

  it("joins nothing for a ready snapshot and starts a new run for a failed one", async () => {
    const deps = { db, runs: runService(new RunEventBus()), vault: new TokenVault() };
    const first = await startOrJoinIndexRun(deps, indexRequest("d".repeat(40)));
    await updateSnapshot(db, { id: first.snapshot.id, status: "failed" });
    const [failedRun] = await db.select().from(runs);
    await deps.runs.cancelRun(failedRun);
    const retried = await startOrJoinIndexRun(deps, indexRequest("d".repeat(40)));
    expect(retried.runId).not.toBe(first.runId);
    expect((await getSnapshotById(db, { id: first.snapshot.id }))?.status).toBe("indexing");
    await updateSnapshot(db, { id: first.snapshot.id, status: "ready" });
    expect((await startOrJoinIndexRun(deps, indexRequest("d".repeat(40)))).runId).toBeNull();
  });
});

describe("waiting for the index", () => {
  it("yields the run's progress as it changes and returns the ready snapshot", async () => {
    const halfway = gate();
    const seen = gate();
    indexing = async (context) => {
      context.progress({
        progress: 30,
        message: "Parsed 3 of 10 files",
        steps: { done: 3, total: 10 },
      });
      await halfway.opened;
      context.progress({
        progress: 80,
        message: "Parsed 10 of 10 files",
        steps: { done: 10, total: 10 },
      });
      await seen.opened;
      await updateSnapshot(db, { id: context.input.snapshot_id, status: "ready" });
    };
    const bus = new RunEventBus();
    const deps = { db, runs: runService(bus), vault: new TokenVault() };
    await startWorker(bus);
    const { snapshot } = await startOrJoinIndexRun(deps, indexRequest("e".repeat(40)));
    const reported: IndexProgress[] = [];
    const ready = await drain(
      waitForIndex(deps, snapshot.id, new AbortController().signal),
      (progress) => {
        reported.push(progress);
        if (progress.progress === 30) halfway.open();
        if (progress.progress === 80) seen.open();
      },
    );
    expect(ready).toMatchObject({ id: snapshot.id, status: "ready" });
    const steps = reported.filter((progress) => progress.steps);
    expect(steps).toEqual([
      { message: "Parsed 3 of 10 files", progress: 30, steps: { done: 3, total: 10 } },
      { message: "Parsed 10 of 10 files", progress: 80, steps: { done: 10, total: 10 } },
    ]);
  });

  it("follows a run executed where this process's bus hears nothing of it (the row poll)", async () => {
    indexing = async (context) => {
      context.progress({
        progress: 50,
        message: "Parsed 1 of 2 files",
        steps: { done: 1, total: 2 },
      });
      await updateSnapshot(db, { id: context.input.snapshot_id, status: "ready" });
    };
    const elsewhere = new RunEventBus();
    await startWorker(elsewhere);
    const deps = { db, runs: runService(new RunEventBus()), vault: new TokenVault() };
    const { snapshot } = await startOrJoinIndexRun(
      { ...deps, runs: runService(elsewhere) },
      indexRequest("f".repeat(40)),
    );
    const ready = await drain(waitForIndex(deps, snapshot.id, new AbortController().signal));
    expect(ready).toMatchObject({ status: "ready" });
  });

  it("stops listening to the run's events when the waiter leaves early", async () => {
    const bus = new RunEventBus();
    const deps = { db, runs: runService(bus), vault: new TokenVault() };
    const { snapshot } = await startOrJoinIndexRun(deps, indexRequest("b".repeat(40)));
    const waiting = waitForIndex(deps, snapshot.id, new AbortController().signal);
    expect((await waiting.next()).value).toMatchObject({ message: "Queued", progress: 0 });
    expect(bus.listenerCount("events") + bus.listenerCount("written")).toBe(2);
    await waiting.return(snapshot);
    expect(bus.listenerCount("events") + bus.listenerCount("written")).toBe(0);
  });

  it("ends with the run's reason when indexing fails", async () => {
    indexing = async (context) => {
      await updateSnapshot(db, { id: context.input.snapshot_id, status: "failed" });
      throw new AppError("unavailable:repo", "The disk is full");
    };
    const bus = new RunEventBus();
    const deps = { db, runs: runService(bus), vault: new TokenVault() };
    await startWorker(bus);
    const { snapshot } = await startOrJoinIndexRun(deps, indexRequest("a".repeat(40)));
    await expect(
      drain(waitForIndex(deps, snapshot.id, new AbortController().signal)),
    ).rejects.toThrow("Indexing the repository failed: The disk is full");
  });
});

describe("RepoService.addRepository", () => {
  it("shares one addition between the same requests arriving together: one hash, one run", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "roots-"));
    mkdirSync(path.join(root, "notes", "src"), { recursive: true });
    writeFileSync(path.join(root, "notes", "src", "notes.py"), "def add(): pass\n");
    // Starting a run takes a while here, so requests that each started their own would
    // all get that far (and all but one run would be cancelled).
    const slowRuns = runService(new RunEventBus());
    const startRun = slowRuns.startRun.bind(slowRuns);
    slowRuns.startRun = async (options) => {
      await sleep(200);
      return startRun(options);
    };
    const repos = new RepoService({
      db,
      runs: slowRuns,
      vault: new TokenVault(),
      config: {
        CARTOGRAPH_LOCAL_ROOTS: [root],
        CARTOGRAPH_ALLOW_PRIVATE_HOSTS: false,
        DATA_DIR: root,
        GIT_TIMEOUT_MS: 10_000,
        MAX_FILE_BYTES: 1_000_000,
      },
    });
    const request = { repo_url: path.join(root, "notes") };
    const added = await Promise.all(
      Array.from({ length: 5 }, () => repos.addRepository(principal, request)),
    );
    expect(new Set(added.map((result) => result.research_id)).size).toBe(1);
    expect(await db.select().from(runs)).toHaveLength(1);
  });
});
