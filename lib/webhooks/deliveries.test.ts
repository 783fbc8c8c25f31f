import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { WebhookReceiver } from "../../test/support/webhook-receiver";
import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { runs } from "../db/schema";
import { freshTestDatabase } from "../db/test-database";
import type { WebhookPayload } from "../protocol/webhooks";
import { RunEventBus } from "../runs/event-bus";
import { type RunContext, type RunKind, RunKindRegistry } from "../runs/kinds";
import { RunService } from "../runs/service";
import { RunWorker } from "../runs/worker";
import { SecretBox } from "../security/secret-box";
import { WebhookDispatcher } from "./dispatcher";
import { WebhookService } from "./service";
import { verifySignature } from "./signature";

const local: Principal = { userId: "local", key: "test" };
const other: Principal = { userId: "other", key: "test-other" };

let db: Database;
let bus: RunEventBus;
let kinds: RunKindRegistry;
let worker: RunWorker;
let service: RunService;
let dispatcher: WebhookDispatcher;
let webhooks: WebhookService;
let receiver: WebhookReceiver;
const secrets = new SecretBox("test-secret");

const scripted: RunKind<{ outcome: string; delay: number }> = {
  kind: "scripted",
  input: z.object({ outcome: z.string().default("ok"), delay: z.number().default(0) }),
  describe: (input) => `scripted ${input.outcome}`,
  resumable: false,
  startable: true,
  async execute(context: RunContext<{ outcome: string; delay: number }>) {
    await sleep(context.input.delay, undefined, { signal: context.signal });
    if (context.input.outcome === "fail") throw new Error("broken on purpose");
    return { ok: true };
  },
};

async function until<T>(
  check: () => Promise<T | false | undefined> | T | false | undefined,
  what: string,
) {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const value = await check();
    if (value) return value;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function setUp(
  options: { retryDelaysMs?: number[]; timeoutMs?: number; allowPrivate?: boolean } = {},
) {
  const allowPrivate = options.allowPrivate ?? true;
  dispatcher = new WebhookDispatcher({
    db,
    secrets,
    bus,
    retryDelaysMs: options.retryDelaysMs ?? [100, 200],
    timeoutMs: options.timeoutMs ?? 2_000,
    allowPrivate,
    pollMs: 50,
  });
  webhooks = new WebhookService({ db, secrets, allowPrivate, onQueued: () => dispatcher.wake() });
  worker = new RunWorker({
    db,
    bus,
    kinds,
    leaseMs: 2_000,
    perUserLimit: 1,
    maxAttempts: 1,
    singleProcess: true,
    onRunEnded: webhooks.recordRunEnd,
  });
  service = new RunService({
    db,
    bus,
    kinds,
    perUserLimit: 1,
    maxQueued: 100,
    onRunEnded: webhooks.recordRunEnd,
  });
}

async function start() {
  await worker.start();
  dispatcher.start();
}

async function runTo(
  principal: Principal,
  input: { outcome?: string; delay?: number },
  status: string,
) {
  const { snapshot } = await service.startRun({ kind: "scripted", input, principal });
  await until(async () => (await service.peekRun(snapshot.research_id))?.status === status, status);
  return snapshot.research_id;
}

beforeEach(async () => {
  db = (await freshTestDatabase()).db;
  bus = new RunEventBus();
  kinds = new RunKindRegistry();
  kinds.register(scripted);
  receiver = await new WebhookReceiver().start();
});

afterEach(async () => {
  await worker?.stop();
  await dispatcher?.stop();
  await receiver.stop();
});

describe("deliveries of run ends", () => {
  it("send one signed delivery per run end: completed, failed, cancelled running and queued", async () => {
    setUp();
    // Any 2xx is success, not only 200.
    receiver.answer = () => ({ status: 204 });
    const { id, secret } = await webhooks.create(local, {
      url: `${receiver.url}/hook`,
      events: ["run.completed", "run.failed", "run.cancelled"],
    });
    await start();

    const completed = await runTo(local, {}, "completed");
    const failed = await runTo(local, { outcome: "fail" }, "failed");
    // One slot per user: the second waits in the queue and is cancelled there.
    const { snapshot: running } = await service.startRun({
      kind: "scripted",
      input: { delay: 10_000 },
      principal: local,
    });
    await until(
      async () => (await service.peekRun(running.research_id))?.status === "in_progress",
      "running",
    );
    const { snapshot: queued } = await service.startRun({
      kind: "scripted",
      input: {},
      principal: local,
    });
    await service.cancelRun((await service.peekRun(queued.research_id))!);
    await service.cancelRun((await service.peekRun(running.research_id))!);
    await until(
      async () => (await service.peekRun(running.research_id))?.status === "cancelled",
      "cancel",
    );

    await until(() => receiver.received.length >= 4, "four deliveries");
    await sleep(300);
    expect(receiver.received).toHaveLength(4);
    const byRun = new Map(receiver.payloads().map((payload) => [payload.run?.id, payload]));
    expect(byRun.get(completed)).toMatchObject({
      event: "run.completed",
      run: { status: "completed", kind: "scripted" },
    });
    expect(byRun.get(failed)).toMatchObject({
      event: "run.failed",
      run: { status: "failed", error: "The run failed with an internal error" },
    });
    expect(byRun.get(queued.research_id)).toMatchObject({ event: "run.cancelled" });
    expect(byRun.get(running.research_id)).toMatchObject({ event: "run.cancelled" });
    for (const entry of receiver.received) {
      expect(entry.path).toBe("/hook");
      expect(entry.headers["content-type"]).toBe("application/json");
      expect(entry.headers["user-agent"]).toBe("Cartograph-Webhooks");
      const payload = JSON.parse(entry.body) as WebhookPayload;
      expect(entry.headers["x-cartograph-event"]).toBe(payload.event);
      expect(entry.headers["x-cartograph-delivery"]).toBe(payload.id);
      expect(
        verifySignature(secret, entry.headers["x-cartograph-signature"] as string, entry.body, 60),
      ).toBe(true);
    }
    const [view] = await webhooks.list(local);
    expect(view.id).toBe(id);
    expect(view.deliveries).toHaveLength(4);
    expect(
      view.deliveries.every(
        (delivery) => delivery.status === "succeeded" && delivery.attempts === 1,
      ),
    ).toBe(true);
    expect(view.deliveries[0]).toMatchObject({ response_status: 204, next_attempt_at: null });
    expect(JSON.stringify(view)).not.toContain(secret);
  });

  it("announce a run failed by recovery after its worker died", async () => {
    setUp();
    await webhooks.create(local, { url: receiver.url, events: ["run.failed"] });
    await db.insert(runs).values({
      id: "orphan",
      kind: "scripted",
      userId: "local",
      input: {},
      status: "in_progress",
      leaseOwner: "dead-worker",
      attempts: 1,
      startedAt: new Date(),
    });
    await start();
    await until(() => receiver.received.length === 1, "the recovery's delivery");
    expect(receiver.payloads()[0]).toMatchObject({
      event: "run.failed",
      run: { id: "orphan", status: "failed" },
    });
  });

  it("deliver only the events subscribed to, and only the owner's runs", async () => {
    setUp();
    await webhooks.create(local, { url: `${receiver.url}/failures`, events: ["run.failed"] });
    await webhooks.create(other, { url: `${receiver.url}/other`, events: ["run.completed"] });
    await start();
    await runTo(local, {}, "completed");
    const failed = await runTo(local, { outcome: "fail" }, "failed");
    const othersRun = await runTo(other, {}, "completed");
    await until(() => receiver.received.length >= 2, "two deliveries");
    await sleep(300);
    expect(
      receiver.received.map((entry) => [entry.path, JSON.parse(entry.body).run.id]).sort(),
    ).toEqual(
      [
        ["/failures", failed],
        ["/other", othersRun],
      ].sort(),
    );
  });
});

describe("retries", () => {
  it("retry a failing receiver with growing waits until it answers 2xx, logging each attempt", async () => {
    setUp({ retryDelaysMs: [150, 400, 5_000] });
    receiver.answer = (_request, index) =>
      index < 2 ? { status: 500, body: "x".repeat(2_000) } : { status: 200 };
    await webhooks.create(local, { url: receiver.url, events: ["run.completed"] });
    await start();
    await runTo(local, {}, "completed");
    const pending = await until(async () => {
      const [view] = await webhooks.list(local);
      const delivery = view.deliveries[0];
      return delivery?.attempts === 1 ? delivery : undefined;
    }, "the first failed attempt");
    expect(pending).toMatchObject({
      status: "pending",
      response_status: 500,
      error: "Receiver answered 500",
    });
    expect(pending.next_attempt_at).not.toBeNull();
    expect(pending.response_snippet!.length).toBeLessThanOrEqual(512);

    await until(() => receiver.received.length === 3, "the third attempt");
    const [first, second, third] = receiver.received;
    // The same delivery, the same bytes, every time; the waits grow.
    expect(new Set(receiver.received.map((entry) => entry.body)).size).toBe(1);
    expect(second.headers["x-cartograph-delivery"]).toBe(first.headers["x-cartograph-delivery"]);
    expect(second.at - first.at).toBeGreaterThanOrEqual(140);
    expect(third.at - second.at).toBeGreaterThanOrEqual(390);
    const delivered = await until(async () => {
      const [view] = await webhooks.list(local);
      return view.deliveries[0].status === "succeeded" ? view.deliveries[0] : undefined;
    }, "success recorded");
    expect(delivered).toMatchObject({ attempts: 3, response_status: 200, error: null });
  });

  it("give up after the last attempt, and never follow a redirect", async () => {
    setUp({ retryDelaysMs: [50, 50] });
    receiver.answer = (request) =>
      request.path === "/elsewhere" ? { status: 200 } : { status: 302, location: "/elsewhere" };
    await webhooks.create(local, { url: `${receiver.url}/hook`, events: ["run.completed"] });
    await start();
    await runTo(local, {}, "completed");
    const failed = await until(async () => {
      const [view] = await webhooks.list(local);
      return view.deliveries[0]?.status === "failed" ? view.deliveries[0] : undefined;
    }, "the delivery to fail for good");
    expect(failed).toMatchObject({
      attempts: 3,
      response_status: 302,
      error: "Redirect (302) not followed",
    });
    expect(receiver.received.map((entry) => entry.path)).toEqual(["/hook", "/hook", "/hook"]);
  });

  it("count a receiver that does not answer in time as a failed attempt", async () => {
    setUp({ retryDelaysMs: [], timeoutMs: 300 });
    receiver.answer = () => "hang";
    await webhooks.create(local, { url: receiver.url, events: ["run.completed"] });
    await start();
    await runTo(local, {}, "completed");
    const failed = await until(async () => {
      const [view] = await webhooks.list(local);
      return view.deliveries[0]?.status === "failed" ? view.deliveries[0] : undefined;
    }, "the timeout");
    expect(failed).toMatchObject({
      attempts: 1,
      response_status: null,
      error: "No answer within 0.3 s",
    });
    expect(failed.duration_ms).toBeGreaterThanOrEqual(290);
  });
});
