import { isTerminalStatus, type RunEvent, type RunSnapshot } from "@/lib/protocol/runs";
import { progressSocket, type RunSubscriptionOptions, subscribeToRun } from "./progress-socket";
import { fetchRunEvents, fetchRunSnapshot } from "./runs-api";

/**
 * How the feed currently receives the run: waiting for the socket, over it, by polling
 * HTTP, or neither (the socket is down and the last poll failed too; it keeps trying).
 */
export type FeedTransport = "connecting" | "socket" | "polling" | "reconnecting";

export interface RunFeedHandlers {
  /** Each event once, in seq order, whichever way it came. */
  onEvent(event: RunEvent): void;
  onSnapshot(snapshot: RunSnapshot): void;
  onTransport?(transport: FeedTransport): void;
  /**
   * Reading the run failed. `final`: the server refused it (unknown run, not this user's),
   * so the feed has stopped; otherwise it keeps trying.
   */
  onError?(message: string, final: boolean): void;
}

/** The progress socket as the feed sees it; a fake stands in for it in tests. */
export interface SocketLink {
  isConnected(): boolean;
  /** `up` on every (re)connection, `down` on a disconnect, `failed` when an attempt fails. */
  onStateChange(listener: (state: "up" | "down" | "failed") => void): () => void;
  follow(runId: string, options: RunSubscriptionOptions): () => void;
}

/** The HTTP side: `GET /api/research/{id}/status` and `/logs?after_seq=`. */
export interface RunPollSource {
  fetchSnapshot(runId: string, signal: AbortSignal): Promise<RunSnapshot>;
  fetchEvents(
    runId: string,
    afterSeq: number,
    limit: number,
    signal: AbortSignal,
  ): Promise<{ events: RunEvent[] }>;
}

export interface RunFeedOptions {
  /** The last seq the caller already has. */
  afterSeq?: number;
  /**
   * Starts from the run's current state instead of its first event: its snapshot is read
   * first and only later events follow (a list needs the state, not a replay of every
   * event). A run already finished is not followed further.
   */
  fromNow?: boolean;
  /** How long the socket may take to connect (or acknowledge) before polling takes over. */
  connectTimeoutMs?: number;
  pollIntervalMs?: number;
  /** While the run waits in line, its place is read this often (events do not carry it). */
  queuePollMs?: number;
}

const POLL_PAGE = 500;

/**
 * The browser's one way to follow a run. Over the progress socket, with the events it
 * missed replayed by seq on every (re)connection, and over HTTP polling while the socket
 * cannot connect; it goes back to the socket as soon as it connects again. Whatever the
 * path, the last seq delivered is the cursor of the next request (`after_seq`), and an
 * event at or below it is dropped, so nothing is shown twice and nothing is skipped.
 * Callers fold what it delivers with foldRunState (run-state.ts) or a view extending it.
 */
export class RunFeed {
  private lastSeq: number;
  private transport: FeedTransport | null = null;
  private unfollow: (() => void) | undefined;
  private fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private poll: AbortController | undefined;
  private queueTimer: ReturnType<typeof setTimeout> | undefined;
  private status: RunSnapshot["status"] | null = null;
  private stopped = false;
  private finished = false;
  private offState: () => void = () => undefined;
  private readonly connectTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly queuePollMs: number;

  constructor(
    private readonly runId: string,
    private readonly handlers: RunFeedHandlers,
    private readonly link: SocketLink,
    private readonly http: RunPollSource,
    options: RunFeedOptions = {},
  ) {
    this.lastSeq = options.afterSeq ?? 0;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 4_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_500;
    this.queuePollMs = options.queuePollMs ?? 3_000;
    if (options.fromNow) void this.startFromNow();
    else this.start();
  }

  private start(): void {
    this.offState = this.link.onStateChange((state) => this.onSocketState(state));
    if (this.link.isConnected()) this.followSocket();
    else {
      this.setTransport("connecting");
      this.armFallback();
    }
  }

  private async startFromNow(): Promise<void> {
    try {
      const current = await this.http.fetchSnapshot(this.runId, new AbortController().signal);
      if (this.stopped) return;
      this.lastSeq = Math.max(this.lastSeq, current.seq);
      this.snapshot(current);
      if (isTerminalStatus(current.status)) return;
    } catch {
      // Without a snapshot, follow from the cursor: replayed events fold in by seq.
      if (this.stopped) return;
    }
    this.start();
  }

  /** The highest seq delivered so far. */
  get cursor(): number {
    return this.lastSeq;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.offState();
    this.unfollow?.();
    this.unfollow = undefined;
    this.stopPolling();
    clearTimeout(this.fallbackTimer);
    clearTimeout(this.queueTimer);
  }

  private onSocketState(state: "up" | "down" | "failed"): void {
    if (this.stopped) return;
    if (state === "up") {
      // A socket that was followed all along resubscribes by itself (progress-socket);
      // one given up for polling is followed again from the feed's own cursor.
      if (!this.unfollow) this.followSocket();
      else if (this.transport !== "socket") this.armFallback();
      return;
    }
    if (this.polling()) return;
    if (state === "failed") this.startPolling();
    else this.armFallback();
  }

  private followSocket(): void {
    this.unfollow?.();
    this.armFallback();
    this.unfollow = this.link.follow(this.runId, {
      afterSeq: this.lastSeq,
      onEvent: (event) => this.deliver(event),
      onSnapshot: (snapshot) => {
        if (this.stopped) return;
        clearTimeout(this.fallbackTimer);
        this.stopPolling();
        this.setTransport("socket");
        this.snapshot(snapshot);
      },
      onError: (message) => {
        if (this.stopped) return;
        clearTimeout(this.fallbackTimer);
        this.handlers.onError?.(message, true);
      },
    });
  }

  /** Polling starts unless the socket is acknowledged within the timeout. */
  private armFallback(): void {
    clearTimeout(this.fallbackTimer);
    this.fallbackTimer = setTimeout(() => {
      if (!this.stopped && !this.polling()) this.startPolling();
    }, this.connectTimeoutMs);
  }

  private startPolling(): void {
    clearTimeout(this.fallbackTimer);
    this.unfollow?.();
    this.unfollow = undefined;
    this.setTransport("polling");
    if (!this.poll) void this.pollOnce();
  }

  private stopPolling(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.poll?.abort();
    this.poll = undefined;
  }

  private async pollOnce(): Promise<void> {
    const controller = new AbortController();
    this.poll = controller;
    let done = false;
    try {
      for (;;) {
        const page = await this.http.fetchEvents(
          this.runId,
          this.lastSeq,
          POLL_PAGE,
          controller.signal,
        );
        if (controller.signal.aborted) return;
        for (const event of page.events) this.deliver(event);
        if (page.events.length < POLL_PAGE) break;
      }
      const snapshot = await this.http.fetchSnapshot(this.runId, controller.signal);
      if (controller.signal.aborted) return;
      this.setTransport("polling");
      this.snapshot(snapshot);
      // A finished run writes nothing more once its last event is in.
      done = isTerminalStatus(snapshot.status) && snapshot.seq <= this.lastSeq;
    } catch (error) {
      if (controller.signal.aborted) return;
      // A run that does not exist (or is not this user's) will not appear by asking again.
      const status = (error as { status?: unknown }).status;
      if (status === 404 || status === 403) done = true;
      // Neither the socket nor HTTP answers: the views say so until one does again.
      else this.setTransport("reconnecting");
      this.handlers.onError?.((error as Error).message || "Could not read the run", done);
    } finally {
      if (this.poll === controller) this.poll = undefined;
    }
    if (this.stopped || !this.polling() || done || this.finished) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      if (!this.stopped && this.polling() && !this.poll) void this.pollOnce();
    }, this.pollIntervalMs);
  }

  private deliver(event: RunEvent): void {
    if (this.stopped || event.research_id !== this.runId || event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    this.status = event.status;
    if (isTerminalStatus(event.status)) this.finished = true;
    this.handlers.onEvent(event);
  }

  private snapshot(snapshot: RunSnapshot): void {
    if (snapshot.seq >= this.lastSeq) this.status = snapshot.status;
    this.handlers.onSnapshot(snapshot);
    this.watchQueue();
  }

  /**
   * A queued run's place in line changes as runs ahead of it end, without an event of its
   * own: over the socket its status is read again every few seconds until it starts.
   * (Polling reads it anyway.)
   */
  private watchQueue(): void {
    if (!this.waitingInLine() || this.queueTimer) return;
    this.queueTimer = setTimeout(() => {
      this.queueTimer = undefined;
      if (!this.waitingInLine()) return;
      this.http.fetchSnapshot(this.runId, new AbortController().signal).then(
        (snapshot) => {
          if (!this.stopped) this.snapshot(snapshot);
        },
        // The next look (or the socket's events) will tell.
        () => this.watchQueue(),
      );
    }, this.queuePollMs);
  }

  /** Polling, or trying to: the socket was given up for HTTP. */
  private polling(): boolean {
    return this.transport === "polling" || this.transport === "reconnecting";
  }

  private waitingInLine(): boolean {
    return !this.stopped && this.status === "queued" && this.transport === "socket";
  }

  private setTransport(transport: FeedTransport): void {
    if (this.transport === transport) return;
    this.transport = transport;
    this.handlers.onTransport?.(transport);
  }
}

/** The browser's progress socket as a link. */
function browserSocketLink(): SocketLink {
  const socket = progressSocket();
  return {
    isConnected: () => socket.connected,
    onStateChange(listener) {
      const up = () => listener("up");
      const down = () => listener("down");
      const failed = () => listener("failed");
      socket.on("connect", up);
      socket.on("disconnect", down);
      socket.on("connect_error", failed);
      return () => {
        socket.off("connect", up);
        socket.off("disconnect", down);
        socket.off("connect_error", failed);
      };
    },
    follow: subscribeToRun,
  };
}

const browserPollSource: RunPollSource = {
  fetchSnapshot: (runId, signal) => fetchRunSnapshot(runId, signal),
  fetchEvents: (runId, afterSeq, limit, signal) => fetchRunEvents(runId, afterSeq, limit, signal),
};

/** Follows a run in the browser; call the returned function to stop. */
export function followRun(
  runId: string,
  handlers: RunFeedHandlers,
  options: RunFeedOptions = {},
): () => void {
  const feed = new RunFeed(runId, handlers, browserSocketLink(), browserPollSource, options);
  return () => feed.stop();
}
