import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Notifier } from "../db/notify";
import type { RunEventBus } from "./event-bus";

const messageSchema = z.discriminatedUnion("type", [
  z.object({ origin: z.string(), type: z.literal("events"), run_id: z.string() }),
  z.object({ origin: z.string(), type: z.literal("runnable") }),
  z.object({ origin: z.string(), type: z.literal("cancel"), run_id: z.string() }),
]);
type BridgeMessage = z.infer<typeof messageSchema>;

/**
 * Carries the run bus between processes sharing one Postgres: what one process stores
 * (events of a run, a run to claim, a cancel) wakes the others at once, instead of on
 * their next poll of the database. The database stays the source of truth: a message
 * names what changed, the receiver reads it from there.
 */
export class RunBusBridge {
  private readonly origin = randomUUID();
  private readonly onEvents = (runId: string) =>
    this.send({ origin: this.origin, type: "events", run_id: runId });
  private readonly onRunnable = () => this.send({ origin: this.origin, type: "runnable" });
  private readonly onCancel = (runId: string) =>
    this.send({ origin: this.origin, type: "cancel", run_id: runId });
  /** Set while a message from elsewhere is replayed on the local bus: not sent back. */
  private relaying = false;

  constructor(
    private readonly notifier: Notifier,
    private readonly bus: RunEventBus,
  ) {
    bus.on("events", this.onEvents);
    bus.on("runnable", this.onRunnable);
    bus.on("cancelRequested", this.onCancel);
    notifier.onMessage((payload) => this.receive(payload));
  }

  async close(): Promise<void> {
    this.bus.off("events", this.onEvents);
    this.bus.off("runnable", this.onRunnable);
    this.bus.off("cancelRequested", this.onCancel);
    await this.notifier.close();
  }

  private send(message: BridgeMessage): void {
    if (!this.relaying) this.notifier.publish(JSON.stringify(message));
  }

  private receive(payload: string): void {
    let message: BridgeMessage;
    try {
      message = messageSchema.parse(JSON.parse(payload));
    } catch {
      return;
    }
    if (message.origin === this.origin) return;
    this.relaying = true;
    try {
      if (message.type === "events") this.bus.emit("written", message.run_id);
      else if (message.type === "runnable") this.bus.emit("runnable");
      else this.bus.emit("cancelRequested", message.run_id);
    } finally {
      this.relaying = false;
    }
  }
}
