// Section 5: one run's progress to many Socket.IO subscribers, against a bare broadcast of
// the same events to as many clients.
import { api, waitFor } from "../../test/support/clients";
import { broadcastFloor } from "./broadcast-floor";
import { type ServerProcess, startBenchServer, startRun, stopAndRemove } from "./cartograph";
import type { BenchOptions } from "./options";
import { newTable, progress, type SectionOutput } from "./section";
import { ms, ratio } from "./stats";
import {
  closeClients,
  connectClients,
  deliveryOf,
  type RecordingClient,
  subscribeAll,
  waitUntilFinished,
} from "./subscribers";

/** The observed run: the test kind's steps, as fast as the server writes them. */
export const STEPS_INPUT = { steps: 100, delay_ms: 0, logs_per_step: 1, partial_per_step: 2 };

export async function benchFanOut(options: BenchOptions, out: SectionOutput): Promise<void> {
  const count = options.subscribers;
  const results = newTable(`Delivery of one run's live events to ${count} subscribers`, [
    "path",
    "events",
    "delivery window",
    "ratio to back to back",
    "per-event spread p50",
    "per-event spread p99",
    "ratio p99 to paced",
    "seq gaps/duplicates",
  ]);
  out.tables.push(results);
  let server: ServerProcess | undefined;
  let clients: RecordingClient[] = [];
  try {
    // One run at a time: the observed run waits behind a blocker while everyone subscribes.
    server = await startBenchServer({ env: { MAX_CONCURRENT_RUNS_PER_USER: "1" } });
    const blocker = await startRun(server, { steps: 20, delay_ms: 60_000, logs_per_step: 0 });
    const runId = await startRun(server, STEPS_INPUT);
    progress("fanout", `connecting and subscribing ${count} clients`);
    clients = await connectClients(server.url, count);
    await subscribeAll(clients, runId);
    // Every subscriber has caught up on the queued run before it starts.
    const queuedSeq = await waitFor(
      () => {
        const seen = clients.map((client) => client.receipts.at(-1)?.seq ?? 0);
        return Math.min(...seen) === Math.max(...seen) && seen[0] > 0 ? seen[0] : undefined;
      },
      { timeoutMs: 60_000, what: "subscribers to catch up" },
    );
    progress("fanout", "releasing the run");
    const terminated = await api(server.url, `/api/terminate/${blocker}`, { method: "POST" });
    if (terminated.status !== 200) throw new Error(`terminating the blocker: ${terminated.status}`);
    await waitUntilFinished(clients, 10 * 60_000);
    const measured = deliveryOf(clients, queuedSeq);
    const live = clients[0].events.filter((event) => event.seq > queuedSeq);
    closeClients(clients);
    clients = [];
    progress("fanout", `floors: broadcasting ${live.length} events to ${count} clients, twice`);
    const burst = await broadcastFloor(live, count);
    const paced = await broadcastFloor(live, count, { pacedAt: measured.firstReceiptOffsets });
    const row = (path: string, delivery: typeof measured, ratios: boolean) => [
      path,
      delivery.events,
      ms(delivery.windowMs),
      ratios ? ratio(delivery.windowMs, burst.windowMs) : null,
      ms(delivery.spreadP50),
      ms(delivery.spreadP99),
      ratios ? ratio(delivery.spreadP99, paced.spreadP99) : null,
      delivery.seqErrors,
    ];
    results.rows.push(
      row("bare broadcast, back to back", burst, false),
      row("bare broadcast, paced as the run's events came", paced, false),
      row("Cartograph run → subscribers", measured, true),
    );
    out.notes.push(
      `The run: the test kind test.steps with ${JSON.stringify(STEPS_INPUT)}, subscribed while queued; only its live events (seq > ${queuedSeq}) are timed.`,
      "Delivery window: first receipt of the first live event by any client to the last receipt of the last event by every client; for Cartograph it includes executing the run and storing its events. Its floor: the bare server emitting the same events back to back.",
      "Spread: per event, from the first client receiving it to the last. Its floor: the bare server emitting each event when Cartograph's first subscriber got it (back to back, every event waits for the whole burst, so that spread is no floor).",
      "Gaps/duplicates: receipts whose seq is not the next one (every client must see exactly 1..n).",
    );
  } finally {
    closeClients(clients);
    await stopAndRemove(server);
  }
}
