import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_USER_ID } from "../lib/auth/guard";
import { openDatabase } from "../lib/db/client";
import { openPgNotifier } from "../lib/db/notify";
import { runs } from "../lib/db/schema";
import { claimNextRun } from "../lib/runs/queries";
import { api, ProgressClient, startTestRun, waitForStatus } from "./support/clients";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// With a Postgres server, Cartograph scales out: web processes serve, worker processes
// execute runs, and a subscriber on any web node follows a run executed elsewhere. PGlite
// is one process's database, so this runs in the suite's Postgres pass only.
const shared = Boolean(process.env.DATABASE_URL);

describe.skipIf(!shared)("a web node and a worker node on one Postgres (DATABASE_URL)", () => {
  let web: ServerProcess;
  let worker: ServerProcess;

  beforeAll(async () => {
    web = await startServerProcess({ env: { CARTOGRAPH_ROLE: "web" } });
    worker = await startServerProcess({
      env: { CARTOGRAPH_ROLE: "worker", DATABASE_URL: web.databaseUrl as string },
    });
  });
  afterAll(async () => {
    await Promise.all([web?.stop(), worker?.stop()]);
  });

  it("a run started on the web node is executed by the worker and followed live from the web node", async () => {
    const client = new ProgressClient(web.url, ["websocket"]);
    await client.connected();
    const started = await startTestRun(web.url, { steps: 6, delay_ms: 150 });
    const ack = await client.subscribe({ research_id: started.research_id });
    expect(ack.ok).toBe(true);
    const events = await client.waitForFinal(started.research_id, 30_000);
    client.close();

    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(events.at(-1)?.status).toBe("completed");
    expect(events.filter((event) => event.steps?.done === 6)).not.toHaveLength(0);
    // Both nodes read the same run.
    const onWorker = await api<{ status: string }>(
      worker.url,
      `/api/research/${started.research_id}/status`,
    );
    expect(onWorker.body.status).toBe("completed");
  });

  it("processes hear each other over LISTEN/NOTIFY", async () => {
    const url = web.databaseUrl as string;
    const [sender, listener] = await Promise.all([
      openPgNotifier(url, "cartograph_test"),
      openPgNotifier(url, "cartograph_test"),
    ]);
    try {
      const heard = new Promise<string>((resolve) => listener.onMessage(resolve));
      sender.publish("run r1 has new events");
      expect(await heard).toBe("run r1 has new events");
    } finally {
      await Promise.all([sender.close(), listener.close()]);
    }
  });

  it("a cancel sent to the web node stops the run on the worker within seconds", async () => {
    const started = await startTestRun(web.url, { steps: 200, delay_ms: 100 });
    await waitForStatus(web.url, started.research_id, ["in_progress"], 15_000);
    const cancelled = await api(web.url, `/api/terminate/${started.research_id}`, {
      method: "POST",
    });
    expect(cancelled.status).toBe(200);
    // The worker heartbeats every 10 s; it must not wait for the next beat to see the cancel.
    const ended = await waitForStatus(web.url, started.research_id, ["cancelled"], 5_000);
    expect(ended.status).toBe("cancelled");
  });

  it("claims the oldest waiting run even while an event write holds its row", async () => {
    // Joining the queue writes a "Queued" event, which locks the run's row for a moment. A
    // claimer that skipped locked rows started the run behind it, out of turn.
    const handle = await openDatabase({ databaseUrl: web.databaseUrl as string });
    const kind = `test.claim-order.${randomUUID()}`; // a kind no server executes
    try {
      const [older, newer] = [randomUUID(), randomUUID()];
      for (const id of [older, newer]) {
        await handle.db.insert(runs).values({
          id,
          kind,
          userId: LOCAL_USER_ID,
          input: {},
          createdAt: sql`clock_timestamp()`,
        });
      }
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const writer = handle.db.transaction(async (tx) => {
        await tx
          .update(runs)
          .set({ lastSeq: sql`${runs.lastSeq} + 1` })
          .where(eq(runs.id, older));
        locked();
        await released;
      });
      await isLocked;
      const claim = claimNextRun(handle.db, {
        workerId: "claim-order-test",
        kinds: [kind],
        leaseMs: 60_000,
        perUserLimit: 100,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await writer;
      expect((await claim)?.id).toBe(older);
    } finally {
      await handle.db.delete(runs).where(eq(runs.kind, kind));
      await handle.close();
    }
  });
});
