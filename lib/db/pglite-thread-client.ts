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
import { applyParsers, type Reply, type Request, restoreError } from "./pglite-thread-wire";

const log = logger("db");

const ENTRY = new URL("./pglite-thread.mjs", import.meta.url);

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

/**
 * A dead thread is started again after each of these delays in turn (at once, then after a
 * breath: a crash loop must not spin a core); one that dies more often than that within
 * RESTART_WINDOW_MS is not.
 */
const RESTART_DELAYS_MS = [0, 1_000, 5_000];
const RESTART_WINDOW_MS = 10 * 60_000;

interface ThreadOptions {
  directory?: string;
  sharedBuffers: string;
  onFailure?: (error: Error) => void;
  /** Tests: the delays before each start again (RESTART_DELAYS_MS). */
  restartDelaysMs?: number[];
}

/** A transaction: its id in the thread it began in. */
interface TransactionRef {
  id: number;
  generation: number;
}

/** One thread of PGlite: a dead one is replaced by another on the same directory. */
interface Thread {
  worker: Worker;
  /** Set when it has exited. */
  dead: boolean;
  /** Settles when PGlite has opened in it (or failed to). */
  ready: Promise<void>;
  exited: Promise<number>;
}

export class PgliteThreadClient implements PgliteLike {
  /**
   * When the thread last answered a query successfully (performance.now()): a database that
   * is answering is up, however long its queue (/health's check reads this).
   */
  lastAnsweredAt = Number.NEGATIVE_INFINITY;
  private thread: Thread;
  /** Set while a dead thread's replacement opens: calls wait for it. */
  private starting: Promise<void> | null = null;
  /** Counts the threads: a transaction belongs to the one it began in. */
  private generation = 0;
  private readonly deaths: number[] = [];
  private readonly calls = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private openTransactions = 0;
  private referenced = true;
  private closing = false;
  /** Set when the database is closed, or its thread died for good: every call fails with it. */
  private failure: Error | null = null;

  /**
   * Starts the thread and waits for PGlite to open in `directory` (in memory without one).
   * A thread that dies on its own is started again on the same directory (up to
   * RESTART_DELAYS_MS times in RESTART_WINDOW_MS; the calls it had fail); `onFailure` hears once
   * when it is not (an in-memory database, which would come back empty, or too many deaths).
   */
  static async open(options: ThreadOptions): Promise<PgliteThreadClient> {
    const { directory } = options;
    if (directory && !existsSync(path.join(directory, "PG_VERSION"))) {
      await createCluster(directory, options.sharedBuffers);
    }
    const client = new PgliteThreadClient(options);
    try {
      await client.thread.ready;
    } catch (error) {
      // A thread that could not open PGlite is not one that died: no alarm beyond the error.
      client.closing = true;
      await client.thread.worker.terminate();
      throw error;
    }
    client.refresh();
    return client;
  }

  private constructor(private readonly options: ThreadOptions) {
    this.thread = this.startThread();
  }

  private startThread(): Thread {
    const worker = new Worker(ENTRY, {
      workerData: { directory: this.options.directory, sharedBuffers: this.options.sharedBuffers },
      // Rows pass through briefly; the database's memory is WASM's, not the JS heap's.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    this.generation += 1;
    this.referenced = true;
    let settleReady: { resolve: () => void; reject: (error: Error) => void } | null = null;
    const ready = new Promise<void>((resolve, reject) => {
      settleReady = { resolve, reject };
    });
    worker.on("message", (reply: Reply) => {
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
    worker.on("error", (error) => {
      threadError = error;
    });
    const thread: Thread = { worker, ready, dead: false, exited: Promise.resolve(0) };
    thread.exited = new Promise<number>((resolve) => {
      worker.on("exit", (code) => {
        thread.dead = true;
        resolve(code);
        const failure = new Error(
          this.closing
            ? "the embedded database is closed"
            : `the embedded database's thread ended (exit code ${code}${threadError ? `: ${threadError.message}` : ""})`,
          { cause: threadError },
        );
        settleReady?.reject(failure);
        settleReady = null;
        // Every call went to this thread (later ones wait for its replacement).
        for (const call of this.calls.values()) call.reject(failure);
        this.calls.clear();
        if (this.closing) this.failure = failure;
        else this.died(failure);
      });
    });
    return thread;
  }

  /** The thread died on its own: start another on the same directory, or give up. */
  private died(failure: Error): void {
    const now = performance.now();
    this.deaths.push(now);
    while (this.deaths.length > 0 && now - this.deaths[0] > RESTART_WINDOW_MS) this.deaths.shift();
    const delays = this.options.restartDelaysMs ?? RESTART_DELAYS_MS;
    if (!this.options.directory || this.deaths.length > delays.length) {
      this.failure = failure;
      log.error("the embedded database's thread died: every query fails until restart", {
        error: failure,
      });
      this.options.onFailure?.(failure);
      return;
    }
    log.error("the embedded database's thread died; starting it again", { error: failure });
    const delay = delays[this.deaths.length - 1];
    const starting = (async () => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.closing) return;
      this.thread = this.startThread();
      try {
        await this.thread.ready;
        log.info("the embedded database's thread is running again");
      } catch {
        // Its exit handler counts it and decides again.
        await this.thread.worker.terminate();
      }
    })().finally(() => {
      if (this.starting === starting) this.starting = null;
    });
    this.starting = starting;
  }

  /** True once the database is closed, or its thread died for good. */
  get ended(): boolean {
    return this.failure !== null;
  }

  /** Keeps the process alive while a call or transaction is outstanding, and only then. */
  private refresh(): void {
    const busy = this.calls.size > 0 || this.openTransactions > 0;
    if (busy === this.referenced) return;
    this.referenced = busy;
    if (busy) this.thread.worker.ref();
    else this.thread.worker.unref();
  }

  private call(request: Request, generation?: number): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing && request.op !== "close")
      return Promise.reject(new Error("the embedded database is closed"));
    // A transaction's statements go to the thread it began in, and only while it lives.
    if (generation !== undefined && generation !== this.generation)
      return Promise.reject(new Error("the embedded database's thread ended in a transaction"));
    if (this.starting) {
      const starting = this.starting;
      return starting.then(() => this.call(request, generation));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.thread.worker.postMessage({ ...request, id });
      this.calls.set(id, { resolve, reject });
      this.refresh();
    });
  }

  private async queryIn<T>(
    tx: TransactionRef | undefined,
    sql: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
  ): Promise<Results<T>> {
    if (options?.serializers) unsupported("Custom serializers");
    if (options?.blob) unsupported("A blob");
    if (options?.onNotice) unsupported("onNotice");
    const parsers = options?.parsers;
    const raw = parsers ? Object.keys(parsers).map(Number) : undefined;
    const result = (await this.call(
      {
        op: "query",
        sql,
        params: params ?? [],
        rowMode: options?.rowMode,
        raw,
        paramTypes: options?.paramTypes,
        tx: tx?.id,
      },
      tx?.generation,
    )) as Results<T>;
    if (parsers) applyParsers(result as Results, parsers, options?.rowMode);
    return result;
  }

  private async execIn(
    tx: TransactionRef | undefined,
    sql: string,
    options: QueryOptions | undefined,
  ): Promise<Results[]> {
    if (options?.parsers || options?.serializers || options?.blob || options?.onNotice)
      unsupported("exec with parsers, serializers, a blob or onNotice");
    return (await this.call(
      { op: "exec", sql, rowMode: options?.rowMode, tx: tx?.id },
      tx?.generation,
    )) as Results[];
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
    const ref: TransactionRef = {
      id: (await this.call({ op: "begin" })) as number,
      generation: this.generation,
    };
    this.openTransactions++;
    let closed = false;
    const check = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const end = async (commit: boolean) => {
      closed = true;
      if (ref.generation !== this.generation) {
        // Its thread died: nothing of it was committed, and there is nothing to roll back.
        if (commit) throw new Error("the embedded database's thread ended in a transaction");
        return;
      }
      await this.call({ op: "end", tx: ref.id, commit }, ref.generation);
    };
    const tx: Transaction = {
      query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
        check();
        return this.queryIn<R>(ref, sql, params, options);
      },
      sql: () => unsupported("tx.sql"),
      exec: async (sql: string, options?: QueryOptions) => {
        check();
        return this.execIn(ref, sql, options);
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
      await this.thread.exited;
      return;
    }
    if (this.failure) return;
    this.closing = true;
    // A replacement being opened finishes first (one not yet started is not started).
    await this.starting;
    const { worker, exited, dead } = this.thread;
    if (dead) {
      this.failure ??= new Error("the embedded database is closed");
      return;
    }
    try {
      await this.call({ op: "close" });
    } finally {
      worker.ref();
      await Promise.race([exited, worker.terminate()]);
    }
  }

  /** Tests: ends the thread as a crash would, without closing PGlite. */
  async kill(): Promise<void> {
    await this.thread.worker.terminate();
  }
}
