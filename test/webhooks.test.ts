import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionStore } from "../lib/auth/sessions";
import { openDatabase } from "../lib/db/client";
import { users } from "../lib/db/schema";
import type { HistoryItem } from "../lib/protocol/runs";
import type { WebhookPayload, WebhookView } from "../lib/protocol/webhooks";
import { SecretBox } from "../lib/security/secret-box";
import { verifySignature } from "../lib/webhooks/signature";
import { api, waitFor } from "./support/clients";
import { ModelFixture } from "./support/model-fixture";
import { createShopRepo, researcher } from "./support/research-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";
import { WebhookReceiver } from "./support/webhook-receiver";

const CODE = "webhook-test-code";
const asOwner = { authorization: `Bearer ${CODE}` };
let asSecond: Record<string, string> = {};

let server: ServerProcess;
let model: ModelFixture;
let receiver: WebhookReceiver;
let repo: ReturnType<typeof createShopRepo>;

const addWebhook = (headers: Record<string, string>, url: string, events: string[]) =>
  api<{ id: string; secret: string }>(server.url, "/api/webhooks", {
    method: "POST",
    headers,
    json: { url, events },
  });
const listWebhooks = async (headers: Record<string, string>) =>
  (await api<{ items: WebhookView[] }>(server.url, "/api/webhooks", { headers })).body.items;
const startRun = async (headers: Record<string, string>, input: Record<string, unknown>) => {
  const { status, body } = await api<{ research_id: string }>(server.url, "/api/runs", {
    method: "POST",
    headers,
    json: { kind: "test.steps", input },
  });
  expect(status).toBe(200);
  return body.research_id;
};
const waitForRun = (headers: Record<string, string>, id: string, statuses: string[]) =>
  waitFor(
    async () => {
      const { body } = await api<{ status: string }>(server.url, `/api/research/${id}/status`, {
        headers,
      });
      return statuses.includes(body.status) ? body.status : undefined;
    },
    { what: `run ${id} to be ${statuses.join("/")}` },
  );
const statusOf = (headers: Record<string, string>, id: string) =>
  waitForRun(headers, id, ["completed", "failed", "cancelled"]);

beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
  model = await new ModelFixture({ respond: researcher }).start();
  repo = createShopRepo();
  server = await startServerProcess({ env: { AUTH_MODE: "access-code", ACCESS_CODE: CODE } });
});

afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
  await model?.stop();
});

describe("without WEBHOOK_ALLOW_PRIVATE", () => {
  it("refuses receivers on private, local and link-local addresses and non-http URLs", async () => {
    for (const url of [
      `${receiver.url}/hook`,
      "http://localhost:8080/hook",
      "http://10.0.0.7/hook",
      "http://[::1]:9000/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://2130706433/hook",
      "file:///etc/passwd",
      "ftp://example.com/hook",
    ]) {
      const { status, body } = await addWebhook(asOwner, url, ["run.completed"]);
      expect(status, url).toBe(400);
      expect((body as unknown as { error: { code: string } }).error.code, url).toBe(
        "bad_request:webhook",
      );
    }
    expect(await listWebhooks(asOwner)).toEqual([]);
  });

  it("answers 401 without credentials and 400 for a malformed body", async () => {
    expect((await api(server.url, "/api/webhooks")).status).toBe(401);
    expect(
      (
        await api(server.url, "/api/webhooks", {
          method: "POST",
          json: { url: "https://x.example", events: [] },
        })
      ).status,
    ).toBe(401);
    const bad = await api(server.url, "/api/webhooks", {
      method: "POST",
      headers: asOwner,
      json: { url: "https://x.example", events: ["run.started"] },
    });
    expect(bad.status).toBe(400);
  });
});

describe("with WEBHOOK_ALLOW_PRIVATE (a receiver on 127.0.0.1)", () => {
  let ownerHook = { id: "", secret: "" };

  beforeAll(async () => {
    // A second user signed in: their session is made directly, as sign-up will later make it.
    await server.stop();
    const database = await openDatabase({
      databaseUrl: server.databaseUrl,
      dataDir: server.dataDir,
    });
    await database.db
      .insert(users)
      .values({ id: "second", name: "Second user" })
      .onConflictDoNothing();
    const secrets = SecretBox.fromConfig({ DATA_DIR: server.dataDir });
    const session = await new SessionStore(database.db).create({
      userId: "second",
      credentialTag: secrets.tag(`access-code:${CODE}`).slice(0, 32),
    });
    await database.close();
    asSecond = { cookie: `cartograph_session=${session.id}` };
    server = await startServerProcess({ dataDir: server.dataDir, env: allowingPrivate() });
    const created = await addWebhook(asOwner, `${receiver.url}/owner`, [
      "run.completed",
      "run.failed",
      "run.cancelled",
    ]);
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    ownerHook = created.body;
  });

  it("delivers exactly one signed delivery per finished run: completed, failed, cancelled, a research", async () => {
    const completed = await startRun(asOwner, { steps: 1, delay_ms: 10 });
    const failed = await startRun(asOwner, { steps: 2, delay_ms: 10, fail_at: 1 });
    const cancelled = await startRun(asOwner, { steps: 50, delay_ms: 200 });
    await waitForRun(asOwner, cancelled, ["in_progress"]);
    const cancel = await api(server.url, `/api/terminate/${cancelled}`, {
      method: "POST",
      headers: asOwner,
    });
    expect(cancel.status).toBe(200);
    const research = await api<{ research_id: string }>(server.url, "/api/start_research", {
      method: "POST",
      headers: asOwner,
      json: {
        query: "How does checkout charge a customer?",
        repo_url: repo.repoDir,
        mode: "quick",
      },
    });
    expect(research.status).toBe(200);
    const researchId = research.body.research_id;

    expect(await statusOf(asOwner, completed)).toBe("completed");
    expect(await statusOf(asOwner, failed)).toBe("failed");
    expect(await statusOf(asOwner, cancelled)).toBe("cancelled");
    expect(await statusOf(asOwner, researchId)).toBe("completed");

    // Every run of the owner that ended (the research's index run too) is announced once.
    const history = await api<{ items: HistoryItem[] }>(server.url, "/api/history?limit=100", {
      headers: asOwner,
    });
    const ended = history.body.items
      .filter((item) => ["completed", "failed", "cancelled"].includes(item.status))
      .map((item) => item.id);
    expect(ended).toEqual(expect.arrayContaining([completed, failed, cancelled, researchId]));
    await waitFor(() => receiver.at("/owner").length >= ended.length, { what: "deliveries" });
    await sleep(1_500);
    const deliveries = receiver.at("/owner");
    const payloads = deliveries.map((entry) => JSON.parse(entry.body) as WebhookPayload);
    expect(payloads.map((payload) => payload.run?.id).sort()).toEqual([...ended].sort());

    const byRun = new Map(payloads.map((payload) => [payload.run?.id, payload]));
    expect(byRun.get(completed)).toMatchObject({
      event: "run.completed",
      run: { kind: "test.steps", status: "completed" },
    });
    expect(byRun.get(failed)).toMatchObject({
      event: "run.failed",
      run: { status: "failed", error: "Step 1 failed on purpose" },
    });
    expect(byRun.get(cancelled)).toMatchObject({
      event: "run.cancelled",
      run: { status: "cancelled" },
    });
    const repos = await api<{ items: { repo_id: string }[] }>(server.url, "/api/repos", {
      headers: asOwner,
    });
    expect(byRun.get(researchId)?.run?.repo_id).toBe(repos.body.items[0].repo_id);
    expect(byRun.get(researchId)).toMatchObject({
      event: "run.completed",
      run: { kind: "research", status: "completed" },
    });

    for (const entry of deliveries) {
      const payload = JSON.parse(entry.body) as WebhookPayload;
      expect(entry.headers["content-type"]).toBe("application/json");
      expect(entry.headers["user-agent"]).toBe("Cartograph-Webhooks");
      expect(entry.headers["x-cartograph-event"]).toBe(payload.event);
      expect(entry.headers["x-cartograph-delivery"]).toBe(payload.id);
      const signature = entry.headers["x-cartograph-signature"] as string;
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(ownerHook.secret, signature, entry.body, 300)).toBe(true);
      expect(verifySignature(ownerHook.secret, signature, `${entry.body} `, 300)).toBe(false);
    }

    // Logged and visible, never with the secret.
    const [view] = await listWebhooks(asOwner);
    expect(view.deliveries.length).toBe(Math.min(10, ended.length));
    expect(view.deliveries.every((delivery) => delivery.status === "succeeded")).toBe(true);
    expect(view.deliveries[0]).toMatchObject({ attempts: 1, response_status: 200 });
    expect(JSON.stringify(view)).not.toContain(ownerHook.secret);
  });

  it("retries a receiver answering 500 with growing waits, and shows each delivery's attempts", async () => {
    receiver.answer = (entry, index) => ({
      status: entry.path === "/flaky" && index < 2 ? 500 : 200,
    });
    const hook = await addWebhook(asOwner, `${receiver.url}/flaky`, ["run.completed"]);
    expect(hook.status).toBe(201);
    const run = await startRun(asOwner, { steps: 1, delay_ms: 10 });
    await statusOf(asOwner, run);
    await waitFor(() => receiver.at("/flaky").length >= 3, {
      what: "three attempts",
      timeoutMs: 15_000,
    });
    const [first, second, third] = receiver.at("/flaky");
    expect(second.at - first.at).toBeGreaterThanOrEqual(250);
    expect(third.at - second.at).toBeGreaterThanOrEqual(800);
    expect(
      new Set(receiver.at("/flaky").map((entry) => entry.headers["x-cartograph-delivery"])).size,
    ).toBe(1);
    const delivery = await waitFor(
      async () => {
        const view = (await listWebhooks(asOwner)).find((webhook) => webhook.id === hook.body.id);
        return view?.deliveries[0]?.status === "succeeded" ? view.deliveries[0] : undefined;
      },
      { what: "the delivery to succeed" },
    );
    expect(delivery).toMatchObject({ run_id: run, attempts: 3, response_status: 200, error: null });
  });

  it("keeps a failing delivery pending across a restart and delivers it after", async () => {
    receiver.answer = (entry) => ({ status: entry.path === "/down" ? 503 : 200 });
    const hook = await addWebhook(asOwner, `${receiver.url}/down`, ["run.failed"]);
    const run = await startRun(asOwner, { steps: 1, delay_ms: 10, fail_at: 1 });
    await statusOf(asOwner, run);
    await waitFor(() => receiver.at("/down").length >= 1, { what: "the first attempt" });
    const pending = (await listWebhooks(asOwner)).find((webhook) => webhook.id === hook.body.id)!;
    expect(pending.deliveries[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      response_status: 503,
    });

    await server.stop();
    receiver.answer = () => ({ status: 200 });
    server = await startServerProcess({ dataDir: server.dataDir, env: allowingPrivate() });
    const delivered = await waitFor(
      async () => {
        const view = (await listWebhooks(asOwner)).find((webhook) => webhook.id === hook.body.id);
        return view?.deliveries[0]?.status === "succeeded" ? view.deliveries[0] : undefined;
      },
      { what: "the delivery after the restart" },
    );
    expect(delivered.attempts).toBeGreaterThanOrEqual(2);
    expect(
      receiver.at("/down").filter((entry) => JSON.parse(entry.body).run.id === run).length,
    ).toBe(delivered.attempts);
  });

  it("keeps users apart: another user's webhook is 404 and their runs never reach it", async () => {
    expect(await listWebhooks(asSecond)).toEqual([]);
    expect(
      (
        await api(server.url, `/api/webhooks/${ownerHook.id}`, {
          method: "DELETE",
          headers: asSecond,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api(server.url, `/api/webhooks/${ownerHook.id}/test`, {
          method: "POST",
          headers: asSecond,
        })
      ).status,
    ).toBe(404);
    const theirs = await addWebhook(asSecond, `${receiver.url}/second`, ["run.completed"]);
    expect(theirs.status).toBe(201);
    expect((await listWebhooks(asOwner)).map((webhook) => webhook.id)).not.toContain(
      theirs.body.id,
    );

    const before = receiver.at("/owner").length;
    const run = await startRun(asSecond, { steps: 1, delay_ms: 10 });
    await statusOf(asSecond, run);
    await waitFor(() => receiver.at("/second").length === 1, {
      what: "the second user's delivery",
    });
    await sleep(1_000);
    expect(JSON.parse(receiver.at("/second")[0].body).run.id).toBe(run);
    expect(receiver.at("/owner").length).toBe(before);
  });

  it("sends a signed ping on request and deletes a webhook", async () => {
    const ping = await api<{ delivery_id: string }>(
      server.url,
      `/api/webhooks/${ownerHook.id}/test`,
      {
        method: "POST",
        headers: asOwner,
      },
    );
    expect(ping.status).toBe(202);
    const received = await waitFor(
      () =>
        receiver
          .at("/owner")
          .find((entry) => entry.headers["x-cartograph-delivery"] === ping.body.delivery_id),
      { what: "the ping" },
    );
    expect(JSON.parse(received.body)).toMatchObject({ event: "ping" });
    expect(
      verifySignature(
        ownerHook.secret,
        received.headers["x-cartograph-signature"] as string,
        received.body,
      ),
    ).toBe(true);

    expect(
      (
        await api(server.url, `/api/webhooks/${ownerHook.id}`, {
          method: "DELETE",
          headers: asOwner,
        })
      ).status,
    ).toBe(200);
    expect((await listWebhooks(asOwner)).map((webhook) => webhook.id)).not.toContain(ownerHook.id);
    expect(
      (
        await api(server.url, `/api/webhooks/${ownerHook.id}`, {
          method: "DELETE",
          headers: asOwner,
        })
      ).status,
    ).toBe(404);
  });
});

/** Quick retries (0.3 s, 0.9 s, then every 2 s for half a minute), the receiver on 127.0.0.1 allowed. */
function allowingPrivate(): Record<string, string> {
  return {
    AUTH_MODE: "access-code",
    ACCESS_CODE: CODE,
    WEBHOOK_ALLOW_PRIVATE: "true",
    WEBHOOK_RETRY_DELAYS_MS: `300,900,${Array(15).fill(2000).join(",")}`,
    CARTOGRAPH_LOCAL_ROOTS: repo.allowedRoot,
    OPENAI_BASE_URL: model.url,
    CHAT_MODEL: "fixture-chat",
  };
}
