import { io, type Socket } from "socket.io-client";
import type { RunEvent, RunSnapshot, SubscribeAck } from "../../lib/protocol/runs";

export async function api<T = unknown>(
  base: string,
  pathname: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const { json, ...rest } = init;
  const response = await fetch(new URL(pathname, base), {
    ...rest,
    headers: {
      ...(json === undefined ? {} : { "content-type": "application/json" }),
      ...rest.headers,
    },
    body: json === undefined ? rest.body : JSON.stringify(json),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T };
}

export interface StepsInput {
  steps?: number;
  delay_ms?: number;
  logs_per_step?: number;
  partial_per_step?: number;
  fail_at?: number;
  label?: string;
}

export async function startTestRun(base: string, input: StepsInput = {}, kind = "test.steps") {
  const { status, body } = await api<{
    status: string;
    research_id: string;
    queue_position?: number;
  }>(base, "/api/runs", { method: "POST", json: { kind, input } });
  if (status !== 200) throw new Error(`start failed: ${status} ${JSON.stringify(body)}`);
  return body;
}

export async function runStatus(base: string, id: string) {
  return (await api<RunSnapshot & { log_entry: unknown }>(base, `/api/research/${id}/status`)).body;
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, intervalMs = 100, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const waitForStatus = (base: string, id: string, statuses: string[], timeoutMs = 30_000) =>
  waitFor(
    async () => {
      const snapshot = await runStatus(base, id);
      return statuses.includes(snapshot.status) ? snapshot : undefined;
    },
    { timeoutMs, what: `run ${id} to be ${statuses.join("/")}` },
  );

/** A Local Deep Research style subscriber that records every event it receives. */
export class ProgressClient {
  readonly socket: Socket;
  readonly events = new Map<string, RunEvent[]>();

  constructor(
    base: string,
    transports: ("polling" | "websocket")[] = ["websocket"],
    /** Handshake headers a browser or script would send (Origin, Cookie, Authorization). */
    extraHeaders?: Record<string, string>,
    /** `/ws/socket.io` is where Local Deep Research's browser client connects. */
    path = "/socket.io",
  ) {
    this.socket = io(base, {
      path,
      transports,
      reconnection: false,
      forceNew: true,
      extraHeaders,
    });
    this.socket.onAny((name: string, event: RunEvent) => {
      if (!name.startsWith("research_progress_")) return;
      const id = name.slice("research_progress_".length);
      const list = this.events.get(id) ?? [];
      list.push(event);
      this.events.set(id, list);
    });
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once("connect", () => resolve());
      this.socket.once("connect_error", reject);
    });
  }

  subscribe(payload: unknown): Promise<SubscribeAck> {
    return this.socket.timeout(10_000).emitWithAck("subscribe_to_research", payload);
  }

  eventsOf(id: string): RunEvent[] {
    return this.events.get(id) ?? [];
  }

  async waitForFinal(id: string, timeoutMs = 30_000): Promise<RunEvent[]> {
    await waitFor(
      () =>
        this.eventsOf(id).some((event) =>
          ["completed", "failed", "cancelled"].includes(event.status),
        ),
      { timeoutMs, what: `final event of ${id}` },
    );
    return this.eventsOf(id);
  }

  close(): void {
    this.socket.close();
  }
}

/** Sequence numbers must be exactly 1..n (or after+1..n): no gap, no duplicate. */
export function seqs(events: RunEvent[]): number[] {
  return events.map((event) => event.seq);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}
