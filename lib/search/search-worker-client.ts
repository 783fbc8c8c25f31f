/**
 * The server's side of the search thread (`search-worker.ts`): one long-lived thread answers
 * searches; each index build runs in a thread of its own that ends with the build, so the
 * memory a large build needs goes back to the system when it is done.
 */
import { Worker } from "node:worker_threads";
import { compiledThreadEntry } from "../threads/compiled";
import type { RankedId } from "./lexical-index";
import type { IndexedChunk } from "./lexical-ranking";

export type WorkerRequest = { id: number } & (
  | { op: "search"; file: string; query: string; k: number }
  | { op: "rows"; build: number; rows: IndexedChunk[] }
  | {
      op: "build";
      build: number;
      file: string;
      meta: Record<string, unknown>;
      /** Start from this index: carry over its documents except those of `dropPaths`. */
      base?: { file: string; dropPaths: string[]; keep: [string, string][] };
    }
  | { op: "forget"; file: string }
);

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;
export type WorkerCall = Distribute<WorkerRequest>;

export interface WorkerReply {
  id: number;
  result?: { hits?: RankedId[]; meta?: Record<string, unknown>; docs?: number };
  error?: string;
}

/** The compiled thread when built from these sources, else the TypeScript one through tsx. */
const entry = () =>
  compiledThreadEntry("search-thread") ?? new URL("./search-thread.mjs", import.meta.url);

/** One thread and its outstanding calls; a thread that dies fails them and is not reused. */
class WorkerThread {
  private readonly worker: Worker;
  private readonly calls = new Map<
    number,
    { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  dead = false;

  constructor() {
    // Its work allocates little on the JS heap (indexes are buffers): a small young
    // generation keeps ~20 MB less resident than the default.
    this.worker = new Worker(entry(), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.worker.unref();
    this.worker.on("message", (reply: WorkerReply) => {
      const call = this.calls.get(reply.id);
      this.calls.delete(reply.id);
      call?.resolve(reply);
    });
    const fail = (error: Error) => {
      this.dead = true;
      for (const call of this.calls.values()) call.reject(error);
      this.calls.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`search thread exited (${code})`)));
  }

  async call(request: WorkerCall): Promise<NonNullable<WorkerReply["result"]>> {
    if (this.dead) throw new Error("search thread is gone");
    const id = this.nextId++;
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply.result ?? {};
  }

  terminate(): Promise<number> {
    this.dead = true;
    return this.worker.terminate();
  }
}

/** A search thread unused this long ends, giving its loaded indexes' memory back. */
const IDLE_MS = 2 * 60_000;

export class SearchThreads {
  private searcher: WorkerThread | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly builders = new Set<WorkerThread>();
  /** Builds run one at a time: each may hold a large repository's chunks. */
  private buildQueue: Promise<unknown> = Promise.resolve();
  private nextBuild = 1;

  /** Starts the search thread ahead of the first search (it takes a few hundred ms to load). */
  warm(): WorkerThread {
    if (!this.searcher || this.searcher.dead) this.searcher = new WorkerThread();
    const thread = this.searcher;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.searcher === thread) this.searcher = null;
      void thread.terminate();
    }, IDLE_MS);
    this.idleTimer.unref();
    return thread;
  }

  async search(file: string, query: string, k: number): Promise<RankedId[]> {
    const result = await this.warm().call({ op: "search", file, query, k });
    return result.hits ?? [];
  }

  /** Drops a loaded index (its file was replaced). */
  async forget(file: string): Promise<void> {
    if (this.searcher && !this.searcher.dead) await this.searcher.call({ op: "forget", file });
  }

  /**
   * Builds an index file from chunk pages (`pages` yields them; rows cross to the build
   * thread a page at a time, so the server's thread never copies a whole repository at once).
   */
  build(
    pages: AsyncIterable<IndexedChunk[]>,
    target: {
      file: string;
      meta: Record<string, unknown>;
      base?: { file: string; dropPaths: string[]; keep: [string, string][] };
    },
  ): Promise<number> {
    const run = async () => {
      const thread = new WorkerThread();
      this.builders.add(thread);
      const build = this.nextBuild++;
      try {
        for await (const rows of pages) await thread.call({ op: "rows", build, rows });
        const result = await thread.call({ op: "build", build, ...target });
        await this.forget(target.file);
        return result.docs ?? 0;
      } finally {
        this.builders.delete(thread);
        await thread.terminate();
      }
    };
    const done = this.buildQueue.then(run, run);
    this.buildQueue = done.catch(() => undefined);
    return done;
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await Promise.all([
      this.searcher?.terminate(),
      ...[...this.builders].map((t) => t.terminate()),
    ]);
    this.searcher = null;
  }
}
