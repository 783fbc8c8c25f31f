/**
 * The server's side of the embedded database's thread (`pglite-thread.mjs`): a client of
 * PGlite's shape (`query`, `exec`, `transaction`) for drizzle-orm/pglite, whose every call
 * crosses to the thread that runs PGlite. Queries, transactions and errors behave as with
 * PGlite in this thread, but their work no longer holds the server's event loop.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { QueryOptions, Results, Transaction } from "@electric-sql/pglite";
import { logger } from "../log";

const log = logger("db");

const ENTRY = new URL("./pglite-thread.mjs", import.meta.url);

type Request =
  | {
      op: "query";
      sql: string;
      params: unknown[];
      rowMode?: "array" | "object";
      /** Types whose values come back as text: the caller's parsers are applied here. */
      raw?: number[];
      paramTypes?: number[];
      tx?: number;
    }
  | { op: "exec"; sql: string; rowMode?: "array" | "object"; tx?: number }
  | { op: "begin" }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "close" };

interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
}

type Reply =
  | { ready: true }
  | { ready: false; error: SerializedError }
  | { id: number; result?: unknown; error?: SerializedError };

/** An error from the thread with PGlite's fields (`code`, `detail`, `constraint`…) restored. */
function restoreError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  Object.assign(error, serialized.fields);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

type Parsers = NonNullable<QueryOptions["parsers"]>;
/** PGlite calls a parser with the value's type too. */
type Parse = (value: string, type: number) => unknown;

/**
 * Applies the caller's parsers to the values the thread left as text: the same function on
 * the same text as PGlite would have called, so the rows are the same.
 */
function applyParsers(result: Results, parsers: Parsers, rowMode: QueryOptions["rowMode"]): void {
  const columns: { index: number; name: string; parse: Parse; type: number }[] = [];
  result.fields.forEach((field, index) => {
    const parse = parsers[field.dataTypeID] as Parse | undefined;
    if (!parse) return;
    // Object rows keep the last column of a repeated name, as PGlite builds them.
    if (rowMode !== "array" && result.fields.some((f, i) => i > index && f.name === field.name))
      return;
    columns.push({ index, name: field.name, parse, type: field.dataTypeID });
  });
  if (columns.length === 0) return;
  for (const row of result.rows as Record<string | number, unknown>[]) {
    for (const column of columns) {
      const key = rowMode === "array" ? column.index : column.name;
      const value = row[key];
      if (value !== null && value !== undefined)
        row[key] = column.parse(value as string, column.type);
    }
  }
}

/** Creates a database cluster in `directory` on a thread that ends when it is done. */
async function createCluster(directory: string, sharedBuffers: string): Promise<void> {
  const worker = new Worker(ENTRY, { workerData: { directory, sharedBuffers, create: true } });
  let failure: Error | undefined;
  worker.on("error", (error) => {
    failure = error;
  });
  const code = await new Promise<number>((resolve) => worker.on("exit", resolve));
  if (failure || code !== 0)
    throw new Error(`creating the embedded database in ${directory} failed (exit code ${code})`, {
      cause: failure,
    });
}

function unsupported(what: string): never {
  throw new Error(`${what} is not available over the embedded database's thread`);
}

/** The parts of PGlite's interface drizzle-orm/pglite and the health check use. */
export interface PgliteLike {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T>;
}

export class PgliteThreadClient implements PgliteLike {
  /**
   * When the thread last answered a query successfully (performance.now()): a database that
   * is answering is up, however long its queue (/health's check reads this).
   */
  lastAnsweredAt = Number.NEGATIVE_INFINITY;
  private readonly worker: Worker;
  private readonly calls = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private openTransactions = 0;
  private referenced = true;
  private closing = false;
  /** Set when the thread ended without being closed: every call fails with it. */
  private failure: Error | null = null;
  private readonly ready: Promise<void>;
  private readonly exited: Promise<number>;

  /**
   * Starts the thread and waits for PGlite to open in `directory` (in memory without one).
   * `onFailure` hears once when the thread dies on its own.
   */
  static async open(options: {
    directory?: string;
    sharedBuffers: string;
    onFailure?: (error: Error) => void;
  }): Promise<PgliteThreadClient> {
    const { directory } = options;
    if (directory && !existsSync(path.join(directory, "PG_VERSION"))) {
      await createCluster(directory, options.sharedBuffers);
    }
    const client = new PgliteThreadClient(options);
    try {
      await client.ready;
    } catch (error) {
      // A thread that could not open PGlite is not one that died: no alarm beyond the error.
      client.closing = true;
      await client.worker.terminate();
      throw error;
    }
    client.refresh();
    return client;
  }

  private constructor(options: {
    directory?: string;
    sharedBuffers: string;
    onFailure?: (error: Error) => void;
  }) {
    this.worker = new Worker(ENTRY, {
      workerData: { directory: options.directory, sharedBuffers: options.sharedBuffers },
      // Rows pass through briefly; the database's memory is WASM's, not the JS heap's.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    let settleReady: { resolve: () => void; reject: (error: Error) => void } | null = null;
    this.ready = new Promise((resolve, reject) => {
      settleReady = { resolve, reject };
    });
    this.worker.on("message", (reply: Reply) => {
      if ("ready" in reply) {
        if (reply.ready) settleReady?.resolve();
        else settleReady?.reject(restoreError(reply.error));
        settleReady = null;
        return;
      }
      const call = this.calls.get(reply.id);
      if (!call) return;
      this.calls.delete(reply.id);
      if (reply.error) call.reject(restoreError(reply.error));
      else {
        this.lastAnsweredAt = performance.now();
        call.resolve(reply.result);
      }
      this.refresh();
    });
    let threadError: Error | undefined;
    this.worker.on("error", (error) => {
      threadError = error;
    });
    this.exited = new Promise((resolve) => {
      this.worker.on("exit", (code) => {
        resolve(code);
        const failure = new Error(
          this.closing
            ? "the embedded database is closed"
            : `the embedded database's thread ended (exit code ${code}${threadError ? `: ${threadError.message}` : ""})`,
          { cause: threadError },
        );
        this.failure = failure;
        settleReady?.reject(failure);
        settleReady = null;
        for (const call of this.calls.values()) call.reject(failure);
        this.calls.clear();
        if (!this.closing) {
          log.error("the embedded database's thread died: every query fails until restart", {
            error: failure,
          });
          options.onFailure?.(failure);
        }
      });
    });
  }

  /** True once the thread has ended (closed or dead). */
  get ended(): boolean {
    return this.failure !== null;
  }

  /** Keeps the process alive while a call or transaction is outstanding, and only then. */
  private refresh(): void {
    const busy = this.calls.size > 0 || this.openTransactions > 0;
    if (busy === this.referenced) return;
    this.referenced = busy;
    if (busy) this.worker.ref();
    else this.worker.unref();
  }

  private call(request: Request): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing && request.op !== "close")
      return Promise.reject(new Error("the embedded database is closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.worker.postMessage({ ...request, id });
      this.calls.set(id, { resolve, reject });
      this.refresh();
    });
  }

  private async queryIn<T>(
    tx: number | undefined,
    sql: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
  ): Promise<Results<T>> {
    if (options?.serializers) unsupported("Custom serializers");
    if (options?.blob) unsupported("A blob");
    if (options?.onNotice) unsupported("onNotice");
    const parsers = options?.parsers;
    const raw = parsers ? Object.keys(parsers).map(Number) : undefined;
    const result = (await this.call({
      op: "query",
      sql,
      params: params ?? [],
      rowMode: options?.rowMode,
      raw,
      paramTypes: options?.paramTypes,
      tx,
    })) as Results<T>;
    if (parsers) applyParsers(result as Results, parsers, options?.rowMode);
    return result;
  }

  private async execIn(
    tx: number | undefined,
    sql: string,
    options: QueryOptions | undefined,
  ): Promise<Results[]> {
    if (options?.parsers || options?.serializers || options?.blob || options?.onNotice)
      unsupported("exec with parsers, serializers, a blob or onNotice");
    return (await this.call({ op: "exec", sql, rowMode: options?.rowMode, tx })) as Results[];
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.queryIn<T>(undefined, sql, params, options);
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.execIn(undefined, sql, options);
  }

  /**
   * PGlite's transaction: the thread holds the database for it (every other query waits)
   * until `callback` settles, then commits, or rolls back and rethrows.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = (await this.call({ op: "begin" })) as number;
    this.openTransactions++;
    let closed = false;
    const check = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const end = async (commit: boolean) => {
      closed = true;
      await this.call({ op: "end", tx: id, commit });
    };
    const tx: Transaction = {
      query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
        check();
        return this.queryIn<R>(id, sql, params, options);
      },
      sql: () => unsupported("tx.sql"),
      exec: async (sql: string, options?: QueryOptions) => {
        check();
        return this.execIn(id, sql, options);
      },
      rollback: async () => {
        check();
        await end(false);
      },
      listen: () => unsupported("LISTEN"),
      get closed() {
        return closed;
      },
    };
    try {
      const result = await callback(tx);
      if (!closed) await end(true);
      return result;
    } catch (error) {
      if (!closed) await end(false);
      throw error;
    } finally {
      this.openTransactions--;
      this.refresh();
    }
  }

  /** Closes PGlite in the thread and ends the thread. */
  async close(): Promise<void> {
    if (this.closing) {
      await this.exited;
      return;
    }
    if (this.failure) return;
    this.closing = true;
    try {
      await this.call({ op: "close" });
    } finally {
      this.worker.ref();
      await Promise.race([this.exited, this.worker.terminate()]);
    }
  }

  /** Tests: ends the thread as a crash would, without closing PGlite. */
  async kill(): Promise<void> {
    await this.worker.terminate();
  }
}
