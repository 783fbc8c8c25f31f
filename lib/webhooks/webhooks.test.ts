import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Principal } from "../auth/guard";
import { testGuard } from "../auth/test-guard";
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

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A receiver on 127.0.0.1 that records every request and answers as the test says. */
class Receiver {
  readonly received: Received[] = [];
  answer: (
    request: Received,
    index: number,
  ) => { status: number; body?: string; location?: string } | "hang" = () => ({ status: 204 });
  private server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const entry = {
          path: request.url ?? "",
          headers: request.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          at: Date.now(),
        };
        this.received.push(entry);
        const answer = this.answer(entry, this.received.length - 1);
        if (answer === "hang") return;
        response.writeHead(answer.status, answer.location ? { location: answer.location } : {});
        response.end(answer.body ?? "");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  payloads(): WebhookPayload[] {
    return this.received.map((entry) => JSON.parse(entry.body) as WebhookPayload);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

let db: Database;
let bus: RunEventBus;
let kinds: RunKindRegistry;
let worker: RunWorker;
let service: RunService;
let dispatcher: WebhookDispatcher;
let webhooks: WebhookService;
let receiver: Receiver;
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
    guard: testGuard({ AUTH_MODE: "none", ACCESS_CODE: undefined }),
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
  receiver = await new Receiver().start();
});

afterEach(async () => {
  await worker?.stop();
  await dispatcher?.stop();
  await receiver.stop();
});

describe("deliveries of run ends", () => {
  it("send one signed delivery per run end: completed, failed, cancelled running and queued", async () => {
    setUp();
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

describe("webhooks of a user", () => {
  it("refuse private, local and non-http URLs unless WEBHOOK_ALLOW_PRIVATE", async () => {
    setUp({ allowPrivate: false });
    for (const url of [
      receiver.url,
      "http://localhost:9/x",
      "http://10.1.2.3/x",
      "http://[::1]/x",
      "http://169.254.169.254/latest",
      "ftp://example.com/x",
      "https://user:pass@example.com/x",
      "not a url",
    ]) {
      await expect(
        webhooks.create(local, { url, events: ["run.completed"] }),
        url,
      ).rejects.toMatchObject({
        code: "bad_request:webhook",
      });
    }
    // A name that resolves to a private address is refused like the address.
    const rebinding = new WebhookService({
      db,
      secrets,
      allowPrivate: false,
      resolve: async () => ["192.168.1.5"],
    });
    await expect(
      rebinding.create(local, { url: "https://hooks.example.com/x", events: ["run.failed"] }),
    ).rejects.toThrow(
      /private or local address; the operator can allow it with WEBHOOK_ALLOW_PRIVATE/,
    );
    const publicName = new WebhookService({
      db,
      secrets,
      allowPrivate: false,
      resolve: async () => ["93.184.216.34"],
    });
    await expect(
      publicName.create(local, { url: "https://hooks.example.com/x", events: ["run.failed"] }),
    ).resolves.toMatchObject({
      id: expect.any(String),
    });
  });

  it("check the host again when delivering: a name that now resolves privately is not called", async () => {
    let answer = ["93.184.216.34"];
    dispatcher = new WebhookDispatcher({
      db,
      secrets,
      retryDelaysMs: [],
      timeoutMs: 1_000,
      allowPrivate: false,
      pollMs: 50,
      resolve: async () => answer,
    });
    const service = new WebhookService({
      db,
      secrets,
      allowPrivate: false,
      resolve: async () => answer,
    });
    const { id } = await service.create(local, {
      url: "http://hooks.example.com/x",
      events: ["run.failed"],
    });
    answer = ["127.0.0.1"];
    await service.sendTest(local, id);
    dispatcher.start();
    const [view] = await until(async () => {
      const views = await service.list(local);
      return views[0].deliveries[0]?.status === "failed" ? views : undefined;
    }, "the refused delivery");
    expect(view.deliveries[0].error).toMatch(/private or local address/);
  });

  it("keep each user's webhooks to themselves: another's is not found", async () => {
    setUp();
    const { id } = await webhooks.create(local, { url: receiver.url, events: ["run.completed"] });
    expect(await webhooks.list(other)).toEqual([]);
    await expect(webhooks.remove(other, id)).rejects.toMatchObject({ code: "not_found:webhook" });
    await expect(webhooks.sendTest(other, id)).rejects.toMatchObject({ code: "not_found:webhook" });
    expect(await webhooks.list(local)).toHaveLength(1);
    await webhooks.remove(local, id);
    expect(await webhooks.list(local)).toEqual([]);
  });

  it("send a signed ping on request", async () => {
    setUp();
    const { id, secret } = await webhooks.create(local, {
      url: receiver.url,
      events: ["run.completed"],
    });
    dispatcher.start();
    const { delivery_id } = await webhooks.sendTest(local, id);
    await until(() => receiver.received.length === 1, "the ping");
    const [entry] = receiver.received;
    expect(JSON.parse(entry.body)).toMatchObject({ id: delivery_id, event: "ping" });
    expect(entry.headers["x-cartograph-event"]).toBe("ping");
    expect(
      verifySignature(secret, entry.headers["x-cartograph-signature"] as string, entry.body),
    ).toBe(true);
  });
});
