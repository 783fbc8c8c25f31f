import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError } from "../errors";
import { logger } from "../log";
import { compiledThreadEntry } from "../threads/compiled";
import type { FileParser, ParsedFile } from "./parse-file";

const log = logger("parser");

export type ParserRequest = { id: number; path: string; bytes: Uint8Array };
export type ParserReply =
  | { type: "ready" }
  | { type: "parsed"; id: number; file: ParsedFile }
  | { type: "failed"; id: number; message: string };

interface Pending {
  request: ParserRequest;
  resolve: (file: ParsedFile) => void;
  reject: (error: Error) => void;
}

/** A file the thread spends this long on is given up (tree-sitter's own limit is 5 s). */
const DEFAULT_FILE_TIMEOUT_MS = 60_000;
/** Threads that die on this many files in a row, with none parsed between, are not a file's fault. */
const MAX_CONSECUTIVE_CRASHES = 3;
/**
 * A thread with nothing to parse this long ends: its isolate, loaded grammars (tree-sitter's
 * WASM heap) and loader thread are ~100 MB an idle server need not keep. The next file
 * starts a new one (~0.3 s, overlapped with listing files when a run warms it).
 */
const DEFAULT_IDLE_MS = 5_000;

/**
 * One worker thread that parses the index's files, so tree-sitter never holds up the
 * thread that answers requests. Started on first use and ended when idle; a thread that
 * dies (or hangs on a file) is replaced: the file it was on is given up as unparseable, the
 * files queued after it go to the new thread. Closed with the server.
 */
export class ParserThread implements FileParser {
  private worker: Worker | null = null;
  private ready = false;
  private closed = false;
  private nextId = 1;
  /** In the order sent, which is the order the thread parses them. */
  private readonly pending = new Map<number, Pending>();
  private watchdog: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private crashesInARow = 0;
  /** Threads started so far (tests observe restarts). */
  started = 0;

  constructor(
    private readonly options: {
      fileTimeoutMs?: number;
      /** A thread with nothing to parse this long ends. */
      idleMs?: number;
      /** The worker's module; a test may give one that misbehaves. */
      entry?: URL;
    } = {},
  ) {}

  parse(file: { path: string; bytes: Uint8Array }): Promise<ParsedFile> {
    if (this.closed)
      return Promise.reject(new AppError("unavailable:shutdown", "The server is shutting down"));
    const id = this.nextId++;
    // A copy of just these bytes: cloning a view of a larger buffer (git's output for many
    // blobs, Node's pooled slabs) would copy all of that buffer.
    const request = { id, path: file.path, bytes: new Uint8Array(file.bytes) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { request, resolve, reject });
      this.send(request);
    });
  }

  /** Whether a thread is up (it ends when idle). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Starts the thread now, so its start overlaps what comes before the first file. */
  warm(): void {
    if (!this.closed && !this.worker) this.start();
    if (this.pending.size === 0) this.armIdle();
  }

  /** Stops the thread; whatever was still waiting fails. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.watchdog);
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    this.failAll(new AppError("unavailable:shutdown", "The server is shutting down"));
    await worker?.terminate();
  }

  private send(request: ParserRequest): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker ?? this.start();
    worker.postMessage(request);
    if (this.pending.size === 1) this.armWatchdog();
  }

  private start(): Worker {
    // The compiled thread when built from these sources; else the TypeScript entry via tsx.
    const compiled = this.options.entry ? null : compiledThreadEntry("parser-thread");
    const worker = new Worker(
      compiled ?? new URL(`data:text/javascript,${encodeURIComponent(bootstrap(this.entry))}`),
    );
    // Never what keeps the process alive: a run waiting for it is.
    worker.unref();
    this.worker = worker;
    this.ready = false;
    this.started++;
    worker.on("message", (reply: ParserReply) => this.receive(worker, reply));
    worker.on("error", (error) => log.error("parser thread failed", { error }));
    worker.on("exit", (code) => this.exited(worker, code));
    return worker;
  }

  private get entry(): URL {
    return this.options.entry ?? new URL("./parser-thread-entry.ts", import.meta.url);
  }

  private receive(worker: Worker, reply: ParserReply): void {
    if (worker !== this.worker) return;
    if (reply.type === "ready") {
      this.ready = true;
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    this.armWatchdog();
    if (this.pending.size === 0) this.armIdle();
    this.crashesInARow = 0;
    if (reply.type === "parsed") pending.resolve(reply.file);
    // analyzeFile rejects only for a broken installation (a grammar that cannot load).
    else pending.reject(new AppError("internal:index", `Parsing failed: ${reply.message}`));
  }

  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    this.worker = null;
    clearTimeout(this.watchdog);
    if (this.closed) return;
    if (!this.ready || ++this.crashesInARow >= MAX_CONSECUTIVE_CRASHES) {
      // It died loading its modules, or dies whatever it is given: another thread would
      // too. What waits fails; the next parse tries a new thread.
      log.error("the parser thread cannot parse", { code, crashes: this.crashesInARow });
      this.crashesInARow = 0;
      this.failAll(new AppError("internal:index", "The parser stopped working"));
      return;
    }
    const [culprit] = this.pending.values();
    if (culprit) {
      log.warn("the parser thread stopped on a file; it is left out of the index", {
        path: culprit.request.path,
        code,
      });
      this.pending.delete(culprit.request.id);
      culprit.resolve({ kind: "skipped", reason: "unparseable" });
    }
    for (const pending of this.pending.values()) this.send(pending.request);
    this.armWatchdog();
  }

  /** With nothing to parse for idleMs, the thread ends (the next parse starts another). */
  private armIdle(): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    if (!worker) return;
    this.idleTimer = setTimeout(() => {
      if (worker !== this.worker || this.pending.size > 0) return;
      this.worker = null;
      void worker.terminate();
    }, this.options.idleMs ?? DEFAULT_IDLE_MS);
    this.idleTimer.unref();
  }

  /** The file at the head of the queue gets fileTimeoutMs from now. */
  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (this.pending.size === 0 || !this.worker) return;
    const worker = this.worker;
    this.watchdog = setTimeout(() => {
      if (worker !== this.worker) return;
      const [head] = this.pending.values();
      log.warn("the parser thread took too long on a file; restarting it", {
        path: head?.request.path,
      });
      void worker.terminate();
    }, this.options.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS);
    this.watchdog.unref();
  }

  private failAll(error: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const pending of waiting) pending.reject(error);
  }
}

/**
 * The thread's first module: plain JavaScript that loads the TypeScript entry through
 * tsx's API. A worker does not get the `--import tsx` hooks of the process that starts it
 * (Node 20), and inside vitest there are none to inherit.
 */
function bootstrap(entry: URL): string {
  // tsx ships its ESM API beside the CommonJS one that `require.resolve` finds.
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  return `import { tsImport } from ${JSON.stringify(api)};\nawait tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(entry.href)});\n`;
}
