import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  ProgressClient,
  range,
  runStatus,
  seqs,
  startTestRun,
  waitFor,
  waitForStatus,
} from "./support/clients";
import { type ServerProcess, startServerProcess } from "./support/server-process";

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => {
  await server?.stop();
});

describe.each([
  ["websocket", ["websocket"] as const],
  ["polling-only", ["polling"] as const],
])("a %s subscriber", (_name, transports) => {
  it("receives every event of a run in order through completed", async () => {
    const client = new ProgressClient(server.url, [...transports]);
    try {
      await client.connected();
      const { research_id: id } = await startTestRun(server.url, {
        steps: 6,
        delay_ms: 40,
        logs_per_step: 2,
        partial_per_step: 3,
      });
      const ack = await client.subscribe({ research_id: id });
      expect(ack.ok).toBe(true);
      const events = await client.waitForFinal(id);
      const last = events.at(-1)!;
      expect(last.status).toBe("completed");
      expect(last.progress).toBe(100);
      expect(seqs(events)).toEqual(range(1, last.seq));
      const progress = events.map((event) => event.progress);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const logs = events.filter((event) => event.type === "log").map((event) => event.message);
      for (let step = 1; step <= 6; step++) expect(logs).toContain(`step ${step} line 2`);
      const partialText = events
        .filter((event) => event.type === "partial")
        .map((event) => event.partial?.text)
        .join("");
      expect(partialText).toContain("s6p3");
      expect(events.some((event) => event.steps?.done === 6 && event.steps.total === 6)).toBe(true);
    } finally {
      client.close();
    }
  });
});

it("replays exactly what a reconnecting client missed, then live events", async () => {
  const { research_id: id } = await startTestRun(server.url, { steps: 10, delay_ms: 150 });
  const first = new ProgressClient(server.url);
  await first.connected();
  await first.subscribe({ research_id: id });
  await waitFor(() => first.eventsOf(id).length >= 4, { what: "four events" });
  first.close();
  const seen = first.eventsOf(id);
  const k = seen.at(-1)!.seq;
  expect(seqs(seen)).toEqual(range(1, k));

  await new Promise((resolve) => setTimeout(resolve, 400));
  const second = new ProgressClient(server.url, ["polling"]);
  try {
    await second.connected();
    const ack = await second.subscribe({ research_id: id, after_seq: k });
    expect(ack.ok).toBe(true);
    const rest = await second.waitForFinal(id);
    expect(seqs(rest)).toEqual(range(k + 1, rest.at(-1)!.seq));
    expect(rest.at(-1)!.status).toBe("completed");
  } finally {
    second.close();
  }
});

it("many subscribers joining at different points each get every event once, in order", async () => {
  // Caught-up subscribers share one broadcast per event (the run's room); ones that join
  // late or resume after a seq catch up on their own first, then join it.
  const { research_id: id } = await startTestRun(server.url, {
    steps: 12,
    delay_ms: 60,
    partial_per_step: 2,
  });
  const clients: { client: ProgressClient; after: number }[] = [];
  try {
    for (let wave = 0; wave < 4; wave++) {
      const joined = await Promise.all(
        Array.from({ length: 6 }, async (_, index) => {
          const client = new ProgressClient(
            server.url,
            index % 3 === 0 ? ["polling"] : ["websocket"],
          );
          await client.connected();
          const after =
            index % 2 === 0 ? 0 : Math.max(0, (await runStatus(server.url, id)).seq - 2);
          const ack = await client.subscribe({ research_id: id, after_seq: after });
          expect(ack.ok).toBe(true);
          return { client, after };
        }),
      );
      clients.push(...joined);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await waitForStatus(server.url, id, ["completed"]);
    const last = (await runStatus(server.url, id)).seq;
    for (const { client, after } of clients) {
      await waitFor(() => client.eventsOf(id).at(-1)?.seq === last, { what: "the last event" });
      expect(seqs(client.eventsOf(id))).toEqual(range(after + 1, last));
    }
  } finally {
    for (const { client } of clients) client.close();
  }
});

it("sends a subscriber the events of its run and of no other", async () => {
  const a = await startTestRun(server.url, { steps: 4, delay_ms: 30, label: "alpha" });
  const b = await startTestRun(server.url, { steps: 4, delay_ms: 30, label: "beta" });
  const client = new ProgressClient(server.url);
  try {
    await client.connected();
    await client.subscribe({ research_id: a.research_id });
    await client.waitForFinal(a.research_id);
    await waitForStatus(server.url, b.research_id, ["completed"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.eventsOf(b.research_id)).toEqual([]);
    expect(
      client.eventsOf(a.research_id).every((event) => event.research_id === a.research_id),
    ).toBe(true);
  } finally {
    client.close();
  }
});

it("serves the same events over HTTP: status, logs pages and history", async () => {
  const { research_id: id } = await startTestRun(server.url, {
    steps: 3,
    delay_ms: 10,
    logs_per_step: 3,
  });
  const done = await waitForStatus(server.url, id, ["completed"]);
  expect(done).toMatchObject({ research_id: id, kind: "test.steps", progress: 100 });
  expect(done.steps).toEqual({ done: 3, total: 3 });
  expect(done.log_entry).toMatchObject({ type: "milestone", message: "Completed" });

  const firstPage = await api<{ events: { seq: number }[]; next_seq: number }>(
    server.url,
    `/api/research/${id}/logs?limit=3`,
  );
  expect(seqs(firstPage.body.events as never)).toEqual([1, 2, 3]);
  const rest = await api<{ events: { seq: number }[]; next_seq: number }>(
    server.url,
    `/api/research/${id}/logs?after_seq=${firstPage.body.next_seq}&limit=1000`,
  );
  expect(rest.body.events[0].seq).toBe(4);
  expect(rest.body.next_seq).toBe(done.seq);

  const history = await api<{
    items: { id: string; status: string; duration_seconds: number }[];
    total: number;
  }>(server.url, "/api/history?limit=100");
  const item = history.body.items.find((entry) => entry.id === id);
  expect(item).toMatchObject({ status: "completed", query: "test: 3 steps" });
  expect(item!.duration_seconds).toBeGreaterThanOrEqual(0);
  expect(history.body.total).toBeGreaterThanOrEqual(1);
});

it("cancels a run mid-way: it ends cancelled, its signal was aborted, nothing follows", async () => {
  const client = new ProgressClient(server.url);
  try {
    await client.connected();
    const { research_id: id } = await startTestRun(server.url, { steps: 50, delay_ms: 200 });
    await client.subscribe({ research_id: id });
    await waitFor(() => client.eventsOf(id).some((event) => event.steps?.done === 2), {
      what: "two steps",
    });
    const cancel = await api<{ status: string }>(server.url, `/api/terminate/${id}`, {
      method: "POST",
    });
    expect(cancel).toMatchObject({ status: 200, body: { status: "success" } });
    const events = await client.waitForFinal(id, 5_000);
    expect(events.at(-1)!.status).toBe("cancelled");
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(`${server.dataDir}/aborted-${id}`, "utf8")).toBe("cancelled");
    const count = events.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(client.eventsOf(id).length).toBe(count);
    expect((await runStatus(server.url, id)).status).toBe("cancelled");
    expect(events.at(-1)!.steps!.done).toBeLessThan(50);
  } finally {
    client.close();
  }
});
