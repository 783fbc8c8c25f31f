import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebhookReceiver } from "../../test/support/webhook-receiver";
import type { Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { freshTestDatabase } from "../db/test-database";
import { SecretBox } from "../security/secret-box";
import { WebhookDispatcher } from "./dispatcher";
import { WebhookService } from "./service";
import { verifySignature } from "./signature";

const local: Principal = { userId: "local", key: "test" };
const other: Principal = { userId: "other", key: "test-other" };
const secrets = new SecretBox("test-secret");

let db: Database;
let receiver: WebhookReceiver;
let dispatcher: WebhookDispatcher | undefined;
let webhooks: WebhookService;

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

function setUp({ allowPrivate = true }: { allowPrivate?: boolean } = {}) {
  dispatcher = new WebhookDispatcher({
    db,
    secrets,
    retryDelaysMs: [],
    timeoutMs: 2_000,
    allowPrivate,
    pollMs: 50,
  });
  webhooks = new WebhookService({ db, secrets, allowPrivate, onQueued: () => dispatcher?.wake() });
  return dispatcher;
}

beforeEach(async () => {
  db = (await freshTestDatabase()).db;
  receiver = await new WebhookReceiver().start();
});

afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = undefined;
  await receiver.stop();
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
    const sender = setUp();
    const { id, secret } = await webhooks.create(local, {
      url: receiver.url,
      events: ["run.completed"],
    });
    sender.start();
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
