import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProgressClient, range, seqs, startTestRun } from "./support/clients";
import { rawRequest } from "./support/raw-http";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// Local Deep Research's browser client connects at /ws/socket.io (the seed documents
// /socket.io); both paths are the same hub behind the same checks.
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => {
  await server?.stop();
});

describe("the progress socket at /ws/socket.io", () => {
  it.each([["websocket"], ["polling"]] as const)(
    "a %s client receives every event of a run in order",
    async (transport) => {
      const client = new ProgressClient(server.url, [transport], undefined, "/ws/socket.io");
      try {
        await client.connected();
        const { research_id: id } = await startTestRun(server.url, { steps: 3, delay_ms: 20 });
        const ack = await client.subscribe({ research_id: id });
        expect(ack.ok).toBe(true);
        const events = await client.waitForFinal(id);
        expect(seqs(events)).toEqual(range(1, events.length));
        expect(events.at(-1)?.status).toBe("completed");
      } finally {
        client.close();
      }
    },
  );

  it("an event without a new log line carries no message a console would print twice", async () => {
    const client = new ProgressClient(server.url, ["websocket"], undefined, "/ws/socket.io");
    try {
      await client.connected();
      const { research_id: id } = await startTestRun(server.url, {
        steps: 4,
        delay_ms: 30,
        partial_per_step: 3,
      });
      await client.subscribe({ research_id: id });
      const events = await client.waitForFinal(id);
      const withoutLine = events.filter((event) => !event.log_entry);
      expect(withoutLine.some((event) => event.type === "partial")).toBe(true);
      // What every event says is new: a progress or partial event never repeats the line
      // that came before it, and a log event's message is its log line.
      let last: string | undefined;
      for (const event of events) {
        if (event.log_entry) expect(event.message).toBe(event.log_entry.message);
        else if (event.message !== undefined) expect(event.message).not.toBe(last);
        last = event.message ?? last;
      }
      expect(withoutLine.filter((event) => event.type === "partial").map((e) => e.message)).toEqual(
        withoutLine.filter((event) => event.type === "partial").map(() => undefined),
      );
      // The current message is still known to anyone who asks.
      const status = await fetch(`${server.url}/api/research/${id}/status`);
      expect(((await status.json()) as { message: string }).message).toBeTruthy();
    } finally {
      client.close();
    }
  });

  it("a refused subscribe answers the ack and emits subscribe_error", async () => {
    for (const path of ["/socket.io", "/ws/socket.io"]) {
      const client = new ProgressClient(server.url, ["websocket"], undefined, path);
      try {
        await client.connected();
        const emitted = new Promise((resolve) => client.socket.once("subscribe_error", resolve));
        const ack = await client.subscribe({ research_id: "no-such-run" });
        expect(ack).toEqual({ ok: false, error: "Run not found" });
        expect(await emitted).toEqual({ research_id: "no-such-run", error: "Run not found" });
        const invalid = new Promise((resolve) => client.socket.once("subscribe_error", resolve));
        await client.subscribe("garbage");
        expect(await invalid).toMatchObject({ research_id: null, error: /Invalid payload/ });
      } finally {
        client.close();
      }
    }
  });

  it("refuses a foreign Host and a foreign Origin there too", async () => {
    const port = new URL(server.url).port;
    const rebound = await rawRequest(server.url, {
      path: "/ws/socket.io/?EIO=4&transport=polling",
      headers: { host: `evil.test:${port}` },
    });
    expect(rebound.status).toBe(403);
    const evil = new ProgressClient(
      server.url,
      ["polling"],
      { origin: "http://evil.test" },
      "/ws/socket.io",
    );
    await expect(evil.connected()).rejects.toBeTruthy();
    evil.close();
  });
});
