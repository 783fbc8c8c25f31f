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

/**
 * One ordered feed of one run: everything up to `cursor` was emitted, in order. A feed is
 * one socket catching up, or a run's live room (every caught-up subscriber at once).
 */
class Feed {
  cursor: number;
  pumping = false;
  private again = false;
  closed = false;

  constructor(
    private readonly emit: (event: RunEvent) => void,
    readonly runId: string,
    afterSeq: number,
    private readonly runs: RunService,
    /** Called whenever a catch-up ends with nothing left to read. */
    private readonly onIdle: (feed: Feed) => void = () => {},
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
    if (!this.closed) this.onIdle(this);
  }

  private send(event: RunEvent): void {
    if (this.closed) return;
    this.cursor = event.seq;
    this.emit(event);
  }
}

/** One socket's subscription: its own feed until it has caught up, then the run's room. */
interface Subscriber {
  socket: Socket;
  runId: string;
  /** Its own feed while it catches up; null once it receives through the room. */
  feed: Feed | null;
}

/** A run's caught-up subscribers: one broadcast per event reaches them all. */
interface LiveRoom {
  name: string;
  feed: Feed;
  members: Set<Subscriber>;
}

/**
 * Socket.IO surface of runs (PROTOCOLS.md section 3): subscribe with ack and snapshot,
 * replay after `after_seq`, then live events, per run and only to those allowed.
 */
export class ProgressHub {
  /** Subscribers of each run, caught up (in its room) or not. */
  private readonly byRun = new Map<string, Set<Subscriber>>();
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly timer: NodeJS.Timeout;
  private readonly onEvents = (runId: string, events: RunEvent[]) => {
    this.rooms.get(runId)?.feed.deliver(events);
    for (const subscriber of this.byRun.get(runId) ?? []) {
      if (!subscriber.feed) continue;
      subscriber.feed.deliver(events);
      this.admit(subscriber);
    }
  };
  /** Another process stored events of the run: its subscribers read them from the log now. */
  private readonly onWritten = (runId: string) => {
    void this.rooms.get(runId)?.feed.catchUp();
    for (const subscriber of this.byRun.get(runId) ?? []) void subscriber.feed?.catchUp();
  };

  constructor(
    private readonly io: Server,
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
      for (const subscriber of set) if (subscriber.feed) subscriber.feed.closed = true;
    for (const room of this.rooms.values()) room.feed.closed = true;
    this.byRun.clear();
    this.rooms.clear();
  }

  get subscriptionCount(): number {
    let total = 0;
    for (const set of this.byRun.values()) total += set.size;
    return total;
  }

  private accept(socket: Socket): void {
    const mine = new Map<string, Subscriber>();
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
        const subscriber: Subscriber = { socket, runId, feed: null };
        subscriber.feed = new Feed(
          (event) => socket.emit(progressEventName(runId), event),
          runId,
          afterSeq,
          this.runs,
          () => this.admit(subscriber),
        );
        mine.set(runId, subscriber);
        this.add(subscriber);
        reply({ ok: true, snapshot });
        await subscriber.feed.catchUp();
      } catch (error) {
        refuse(toAppError(error, "progress").message);
      }
    });
    socket.on("unsubscribe_from_research", (payload: unknown, ack?: unknown) => {
      const reply = typeof ack === "function" ? (ack as (value: unknown) => void) : () => {};
      const parsed = unsubscribePayloadSchema.safeParse(payload);
      if (!parsed.success || findUnstorableString(payload))
        return reply({ ok: false, error: "Invalid payload: expected {research_id}" });
      const subscriber = mine.get(parsed.data.research_id);
      if (subscriber) this.remove(subscriber);
      mine.delete(parsed.data.research_id);
      reply({ ok: true });
    });
    socket.on("disconnect", () => {
      for (const subscriber of mine.values()) this.remove(subscriber);
      mine.clear();
    });
  }

  private add(subscriber: Subscriber): void {
    const set = this.byRun.get(subscriber.runId) ?? new Set<Subscriber>();
    set.add(subscriber);
    this.byRun.set(subscriber.runId, set);
  }

  private remove(subscriber: Subscriber): void {
    if (subscriber.feed) subscriber.feed.closed = true;
    const set = this.byRun.get(subscriber.runId);
    set?.delete(subscriber);
    if (set?.size === 0) this.byRun.delete(subscriber.runId);
    const room = this.rooms.get(subscriber.runId);
    if (room?.members.delete(subscriber)) {
      subscriber.socket.leave(room.name);
      if (room.members.size === 0) {
        room.feed.closed = true;
        this.rooms.delete(subscriber.runId);
      }
    }
  }

  /**
   * A subscriber that has caught up joins its run's room, where each event is one broadcast
   * for every member instead of one send per socket. It joins only when the room is exactly
   * where it is (no gap, no duplicate); otherwise it keeps its own feed and tries again the
   * next time it has caught up.
   */
  private admit(subscriber: Subscriber): void {
    const feed = subscriber.feed;
    if (!feed || feed.closed || feed.pumping) return;
    let room = this.rooms.get(subscriber.runId);
    if (!room) {
      const name = `run:${subscriber.runId}`;
      const io = this.io;
      room = {
        name,
        members: new Set(),
        feed: new Feed(
          (event) => io.to(name).emit(progressEventName(subscriber.runId), event),
          subscriber.runId,
          feed.cursor,
          this.runs,
          (roomFeed) => this.admitWaiting(roomFeed.runId),
        ),
      };
      this.rooms.set(subscriber.runId, room);
    }
    if (room.feed.pumping || room.feed.cursor !== feed.cursor) return;
    feed.closed = true;
    subscriber.feed = null;
    subscriber.socket.join(room.name);
    room.members.add(subscriber);
  }

  /** After the room caught up from the log, subscribers now level with it join. */
  private admitWaiting(runId: string): void {
    for (const subscriber of this.byRun.get(runId) ?? []) this.admit(subscriber);
  }

  /** Picks up events another process wrote (several web nodes, one database). */
  private async catchUpAll(): Promise<void> {
    for (const [runId, set] of this.byRun) {
      try {
        const row = await this.runs.peekRun(runId);
        if (!row) continue;
        const room = this.rooms.get(runId);
        if (room && room.feed.cursor < row.lastSeq) void room.feed.catchUp();
        for (const subscriber of set) {
          if (subscriber.feed && subscriber.feed.cursor < row.lastSeq) {
            void subscriber.feed.catchUp();
          } else {
            this.admit(subscriber);
          }
        }
      } catch {
        // The next round tries again.
      }
    }
  }
}
