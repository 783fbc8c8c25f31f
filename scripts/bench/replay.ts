// Section 6: subscribers of a finished run catching up on its whole log at once, against a
// bare Socket.IO server sending each of them the same events.
import { broadcastFloor, latestReceipt } from "./broadcast-floor";
import {
  type ServerProcess,
  startBenchServer,
  startRun,
  stopAndRemove,
  waitForRun,
} from "./cartograph";
import { STEPS_INPUT } from "./fan-out";
import type { BenchOptions } from "./options";
import { newTable, progress, type SectionOutput } from "./section";
import { ms, quantity, ratio } from "./stats";
import {
  closeClients,
  connectClients,
  deliveryOf,
  type RecordingClient,
  subscribeAll,
  waitUntilFinished,
} from "./subscribers";

export async function benchReplay(options: BenchOptions, out: SectionOutput): Promise<void> {
  const count = Math.min(options.subscribers, 200);
  const results = newTable(`Replay of a finished run to ${count} subscribers at once`, [
    "path",
    "events each",
    "time to all",
    "events/s",
    "ratio",
    "seq gaps/duplicates",
  ]);
  out.tables.push(results);
  let server: ServerProcess | undefined;
  let clients: RecordingClient[] = [];
  try {
    server = await startBenchServer({ env: {} });
    const runId = await startRun(server, STEPS_INPUT);
    await waitForRun(server, runId, 10 * 60_000);
    clients = await connectClients(server.url, count);
    progress("replay", `${count} clients subscribe to the finished run`);
    const began = performance.now();
    await subscribeAll(clients, runId);
    await waitUntilFinished(clients, 10 * 60_000);
    const measuredMs = latestReceipt(clients) - began;
    const measured = deliveryOf(clients, 0);
    const events = clients[0].events;
    closeClients(clients);
    clients = [];
    const floor = await broadcastFloor(events, count, { oneByOne: true });
    const rate = (milliseconds: number) =>
      quantity((events.length * count) / (milliseconds / 1000), "events/s");
    results.rows.push(
      [
        "bare Socket.IO, each socket sent the events",
        events.length,
        ms(floor.sinceStartMs),
        rate(floor.sinceStartMs),
        null,
        floor.seqErrors,
      ],
      [
        "Cartograph subscribe → catch-up from the log",
        events.length,
        ms(measuredMs),
        rate(measuredMs),
        ratio(measuredMs, floor.sinceStartMs),
        measured.seqErrors,
      ],
    );
    out.notes.push(
      "Time to all: from the first subscribe (Cartograph) or first emit (floor) to the last client's last event.",
    );
  } finally {
    closeClients(clients);
    await stopAndRemove(server);
  }
}
