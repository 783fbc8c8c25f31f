import { setTimeout as sleep } from "node:timers/promises";
import { isTerminalStatus } from "../protocol/runs";
import { stateOfRow } from "./event-writer";
import type { RunRow } from "./queries";
import type { RunService } from "./service";

/** How often the row is read when no event announced a change (the fallback). */
const POLL_MS = 1_000;
/** Rows are read at most this often however fast the run writes events. */
const MIN_GAP_MS = 200;

/**
 * One run's row each time it changes, for code that waits on a run inside the server:
 * woken by the bus when the run's events are stored (here, or in another process through
 * the bridge), and reading the row at least every second in case no wake-up comes. Ends
 * after the row with a final status, or when the run is gone.
 */
export async function* watchRun(
  runs: RunService,
  runId: string,
  signal: AbortSignal,
): AsyncGenerator<RunRow> {
  let changed = false;
  let wake: (() => void) | undefined;
  const onChange = (id: string) => {
    if (id !== runId) return;
    changed = true;
    wake?.();
  };
  runs.bus.on("events", onChange);
  runs.bus.on("written", onChange);
  try {
    let seenSeq = -1;
    for (;;) {
      signal.throwIfAborted();
      changed = false;
      const row = await runs.peekRun(runId);
      if (!row) return;
      if (row.lastSeq !== seenSeq) {
        seenSeq = row.lastSeq;
        yield row;
      }
      if (isTerminalStatus(stateOfRow(row).status)) return;
      if (changed) await sleep(MIN_GAP_MS, undefined, { signal }).catch(() => {});
      else
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            wake = undefined;
            resolve();
          };
          const timer = setTimeout(done, POLL_MS);
          signal.addEventListener("abort", done, { once: true });
          wake = done;
          if (changed || signal.aborted) done();
        });
    }
  } finally {
    runs.bus.off("events", onChange);
    runs.bus.off("written", onChange);
  }
}
