import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { logger } from "../log";
import * as schema from "./schema";

const log = logger("db");

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: "pglite" | "postgres";
  /** Resolves true when a trivial query answers within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../drizzle",
);
// Any constant works; it only has to be the same in every process sharing the database.
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Opens Postgres through `pg` when a URL is given, else PGlite in `dataDir` (in memory
 * when there is none, for tests); then migrates.
 */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir ? path.join(options.dataDir, "db") : undefined);
}

/**
 * The embedded database's page cache. Its WASM memory never shrinks, so this is what an idle
 * server keeps after a large index run; the operating system caches the files beneath it.
 */
const PGLITE_SHARED_BUFFERS = "32MB";

async function openPglite(directory: string | undefined): Promise<DatabaseHandle> {
  const { PgliteThreadClient } = await import("./pglite-thread-client");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  // PGlite runs in a thread of its own (see pglite-thread.mjs): its queries' work, bulk index
  // writes above all, never holds the server's event loop. A thread that dies fails every
  // query after it and /health reports the database down.
  const client = await PgliteThreadClient.open({
    directory,
    sharedBuffers: PGLITE_SHARED_BUFFERS,
  });
  // drizzle-orm/pglite calls its client's query/transaction only, as the thread client has them.
  const db = drizzle(client as unknown as PGlite, { schema });
  try {
    await migrate(db, { migrationsFolder });
  } catch (error) {
    await client.close();
    throw error;
  }
  let closed = false;
  return {
    db: db as unknown as Database,
    driver: "pglite",
    ping: healthCheck(
      () => client.query("select 1"),
      () => closed || client.ended,
      undefined,
      () => client.lastAnsweredAt,
    ),
    async close() {
      closed = true;
      await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { default: pg } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", (error) => log.warn("idle client error", { error }));
  const db = drizzle(pool, { schema });
  const lockClient = await pool.connect();
  try {
    await lockClient.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await migrate(db, { migrationsFolder });
  } finally {
    await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    lockClient.release();
  }
  let closed = false;
  return {
    db: db as unknown as Database,
    driver: "postgres",
    ping: healthCheck(
      () => pool.query("select 1"),
      () => closed,
    ),
    async close() {
      closed = true;
      await pool.end();
    },
  };
}

/**
 * `ping` for /health: up while the database has answered a check within `timeoutMs`. A check
 * runs at most one at a time and at most once a second; while one is under way a recent
 * answer stands, so a busy database (every query queued behind a load of chats) does not
 * make each health request wait in its queue, and one that stops answering is reported down
 * once its check is `timeoutMs` late.
 */
export function healthCheck(
  query: () => Promise<unknown>,
  isClosed: () => boolean,
  now: () => number = performance.now.bind(performance),
  /** When the database last answered any query: with one connection, a busy queue delays the check's own query. */
  lastAnswer: () => number = () => Number.NEGATIVE_INFINITY,
): (timeoutMs?: number) => Promise<boolean> {
  let answeredAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<boolean> | null = null;
  const check = () => {
    pending ??= query()
      .then(
        () => {
          answeredAt = now();
          return true;
        },
        () => false,
      )
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  return async (timeoutMs = 2_000) => {
    if (isClosed()) return false;
    const age = now() - Math.max(answeredAt, lastAnswer());
    if (age >= 1_000) void check();
    if (age < timeoutMs) return true;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([check(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Rows of a raw SQL query; both drivers answer `{rows}`. */
export async function queryRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
