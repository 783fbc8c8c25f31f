/**
 * A full, memory-reducing garbage collection of the server's thread once a burst of work is
 * over (the start-up; an index run: blobs read, files parsed, rows written, chunk pages
 * read for the search index). V8 leaves that garbage, and the pages it freed, in place until its own
 * heuristics act, which on an idle server took ~80 s and held ~60-100 MB of RSS after a
 * 3,500-file index. Asked through the in-process inspector (no port is opened), as a
 * debugger's "collect garbage" button does: V8's low-memory collection, which also gives the
 * freed pages back; one pause of ~50-100 ms on a thread with nothing else to do.
 */
import { Session } from "node:inspector/promises";
import { logger } from "../log";

const log = logger("memory");

/** After the last burst, how long to wait (another burst restarts the wait). */
const DEFAULT_DELAY_MS = 5_000;

export class AfterBurstCollector {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: { delayMs?: number; collect?: () => Promise<void> } = {}) {}

  /** A burst ended: collect once things have been quiet for delayMs. */
  burstEnded(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.collectNow(), this.options.delayMs ?? DEFAULT_DELAY_MS);
    this.timer.unref();
  }

  close(): void {
    clearTimeout(this.timer);
  }

  private async collectNow(): Promise<void> {
    try {
      await (this.options.collect ?? collectAllGarbage)();
    } catch (error) {
      log.warn("garbage collection after indexing failed", { error });
    }
  }
}

/** V8's low-memory collection of this thread's heap. */
export async function collectAllGarbage(): Promise<void> {
  const session = new Session();
  session.connect();
  try {
    await session.post("HeapProfiler.enable");
    await session.post("HeapProfiler.collectGarbage");
    await session.post("HeapProfiler.disable");
  } finally {
    session.disconnect();
  }
}
