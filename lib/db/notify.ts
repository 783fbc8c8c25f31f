import type { Client } from "pg";
import { logger } from "../log";

const log = logger("notify");

/** Messages between processes sharing one Postgres, over LISTEN/NOTIFY. */
export interface Notifier {
  /** Sends to every process listening, this one included; dropped while disconnected. */
  publish(payload: string): void;
  onMessage(handler: (payload: string) => void): void;
  close(): Promise<void>;
}

const RECONNECT_MS = 1_000;

/**
 * One dedicated connection that LISTENs on `channel` and sends NOTIFYs, reconnecting when
 * it is lost. Nothing depends on a message arriving: it only wakes up what would otherwise
 * notice on its next poll.
 */
export async function openPgNotifier(url: string, channel: string): Promise<Notifier> {
  const { default: pg } = await import("pg");
  const handlers: ((payload: string) => void)[] = [];
  let client: Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    const lost = () => {
      if (client === next) client = null;
      next.removeAllListeners();
      void next.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => void connect(), RECONNECT_MS);
    };
    next.on("error", (error) => {
      log.warn("connection lost", { channel, error });
      lost();
    });
    next.on("notification", (message) => {
      if (message.channel !== channel || !message.payload) return;
      for (const handler of handlers) handler(message.payload);
    });
    try {
      await next.connect();
      await next.query(`listen "${channel}"`);
      if (closed) return void (await next.end());
      client = next;
    } catch (error) {
      log.warn("could not listen", { channel, error });
      lost();
    }
  };
  await connect();

  return {
    publish(payload) {
      client?.query("select pg_notify($1, $2)", [channel, payload]).catch(() => undefined);
    },
    onMessage(handler) {
      handlers.push(handler);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
