import { EventEmitter } from "node:events";
import type { RunEvent } from "../protocol/runs";

interface BusEvents {
  /** Events of one run, just persisted, in seq order. */
  events: [runId: string, events: RunEvent[]];
  /** A run became claimable (created, requeued, or a slot freed). */
  runnable: [];
  /** A user asked to cancel a run that is executing (here or in another process). */
  cancelRequested: [runId: string];
  /** Another process stored events of this run: read them from the log. */
  written: [runId: string];
}

/** In-process fan-out of what the event log just stored; the log stays the source of truth. */
export class RunEventBus extends EventEmitter<BusEvents> {
  constructor() {
    super();
    // One listener per subscribed socket is normal; the default warning at 10 is noise here.
    this.setMaxListeners(0);
  }
}
