import type { Server, Socket } from "socket.io";
import type { AccessGuard, Principal } from "../auth/guard";
import { toAppError } from "../errors";
import { logger } from "../log";
import {
  progressEventName,
  type RunEvent,
  type SubscribeAck,
  subscribePayloadSchema,
  unsubscribePayloadSchema,
} from "../protocol/runs";
import type { RunService } from "../runs/service";
import { authRequestOfHeaders } from "../security/client-address";
import { findUnstorableString } from "../security/storable";

const log = logger("progress");

const REPLAY_PAGE = 500;
/** How often subscriptions check the log for events written by another process. */
const CATCH_UP_INTERVAL_MS = 1_000;

/** One socket's view of one run: everything up to `cursor` was sent, in order. */
class Subscription {
  cursor: number;
  private pumping = false;
  private again = false;
  closed = false;

  constructor(
    readonly socket: Socket,
    readonly runId: string,
    afterSeq: number,
    private readonly runs: RunService,
  ) {
    this.cursor = afterSeq;
  }

  /** Sends live events in order; a gap (missed or out-of-order batch) is read from the log. */
  deliver(events: RunEvent[]): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    for (const event of events) {
      if (event.seq <= this.cursor) continue;
      if (event.seq !== this.cursor + 1) return void this.catchUp();
      this.send(event);
    }
  }

  /** Replays everything after the cursor from the log, then keeps up until nothing is left. */
  async catchUp(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        for (;;) {
          if (this.closed) return;
          const page = await this.runs.listEvents(this.runId, this.cursor, REPLAY_PAGE);
          for (const event of page) if (event.seq === this.cursor + 1) this.send(event);
          if (page.length < REPLAY_PAGE) break;
        }
      } while (this.again);
    } catch (error) {
      log.error("replay failed", { run: this.runId, error });
    } finally {
      this.pumping = false;
    }
  }

  private send(event: RunEvent): void {
    if (this.closed) return;
    this.cursor = event.seq;
    this.socket.emit(progressEventName(this.runId), event);
  }
}

/**
 * Socket.IO surface of runs (PROTOCOLS.md section 3): subscribe with ack and snapshot,
 * replay after `after_seq`, then live events, per run and only to those allowed.
 */
export class ProgressHub {
  private readonly byRun = new Map<string, Set<Subscription>>();
  private readonly timer: NodeJS.Timeout;
  private readonly onEvents = (runId: string, events: RunEvent[]) => {
    for (const subscription of this.byRun.get(runId) ?? []) subscription.deliver(events);
  };
  /** Another process stored events of the run: its subscribers read them from the log now. */
  private readonly onWritten = (runId: string) => {
    for (const subscription of this.byRun.get(runId) ?? []) void subscription.catchUp();
  };

  constructor(
    io: Server,
    private readonly runs: RunService,
    guard: AccessGuard,
  ) {
    io.use(async (socket, next) => {
      try {
        socket.data.principal = await guard.authenticate(
          authRequestOfHeaders(socket.handshake.headers),
        );
        next();
      } catch (error) {
        next(new Error(toAppError(error, "progress").message));
      }
    });
    io.on("connection", (socket) => this.accept(socket));
    runs.bus.on("events", this.onEvents);
    runs.bus.on("written", this.onWritten);
    this.timer = setInterval(() => void this.catchUpAll(), CATCH_UP_INTERVAL_MS);
  }

  close(): void {
    clearInterval(this.timer);
    this.runs.bus.off("events", this.onEvents);
    this.runs.bus.off("written", this.onWritten);
    for (const set of this.byRun.values())
      for (const subscription of set) subscription.closed = true;
    this.byRun.clear();
  }

  get subscriptionCount(): number {
    let total = 0;
    for (const set of this.byRun.values()) total += set.size;
    return total;
  }

  private accept(socket: Socket): void {
    const mine = new Map<string, Subscription>();
    socket.on("subscribe_to_research", async (payload: unknown, ack?: unknown) => {
      const reply = typeof ack === "function" ? (ack as (value: SubscribeAck) => void) : () => {};
      // A refusal answers the ack and also emits `subscribe_error`: Local Deep Research's
      // client waits for that event to fall back to polling.
      const refuse = (error: string) => {
        const researchId = (payload as { research_id?: unknown } | null)?.research_id;
        reply({ ok: false, error });
        socket.emit("subscribe_error", {
          research_id: typeof researchId === "string" ? researchId : null,
          error,
        });
      };
      const parsed = subscribePayloadSchema.safeParse(payload);
      if (!parsed.success || findUnstorableString(payload)) {
        return refuse("Invalid payload: expected {research_id, after_seq?}");
      }
      const { research_id: runId, after_seq: afterSeq = 0 } = parsed.data;
      try {
        const row = await this.runs.getRun(socket.data.principal as Principal, runId);
        if (afterSeq > row.lastSeq) {
          return refuse(`after_seq ${afterSeq} is ahead of the run (last seq ${row.lastSeq})`);
        }
        const snapshot = await this.runs.snapshotOf(row);
        const previous = mine.get(runId);
        if (previous) this.remove(previous);
        // Registered and acknowledged in one step, so no event goes out before the ack;
        // what was written meanwhile is read from the log right after.
        const subscription = new Subscription(socket, runId, afterSeq, this.runs);
        mine.set(runId, subscription);
        this.add(subscription);
        reply({ ok: true, snapshot });
        await subscription.catchUp();
      } catch (error) {
        refuse(toAppError(error, "progress").message);
      }
    });
    socket.on("unsubscribe_from_research", (payload: unknown, ack?: unknown) => {
      const reply = typeof ack === "function" ? (ack as (value: unknown) => void) : () => {};
      const parsed = unsubscribePayloadSchema.safeParse(payload);
      if (!parsed.success || findUnstorableString(payload))
        return reply({ ok: false, error: "Invalid payload: expected {research_id}" });
      const subscription = mine.get(parsed.data.research_id);
      if (subscription) this.remove(subscription);
      mine.delete(parsed.data.research_id);
      reply({ ok: true });
    });
    socket.on("disconnect", () => {
      for (const subscription of mine.values()) this.remove(subscription);
      mine.clear();
    });
  }

  private add(subscription: Subscription): void {
    const set = this.byRun.get(subscription.runId) ?? new Set<Subscription>();
    set.add(subscription);
    this.byRun.set(subscription.runId, set);
  }

  private remove(subscription: Subscription): void {
    subscription.closed = true;
    const set = this.byRun.get(subscription.runId);
    set?.delete(subscription);
    if (set?.size === 0) this.byRun.delete(subscription.runId);
  }

  /** Picks up events another process wrote (several web nodes, one database). */
  private async catchUpAll(): Promise<void> {
    for (const [runId, set] of this.byRun) {
      try {
        const row = await this.runs.peekRun(runId);
        if (!row) continue;
        for (const subscription of set) {
          if (subscription.cursor < row.lastSeq) void subscription.catchUp();
        }
      } catch {
        // The next round tries again.
      }
    }
  }
}
