import { Worker } from "node:worker_threads";
import { logger } from "../log";

const log = logger("wiki");

export interface MermaidVerdict {
  ok: boolean;
  /** The parser's message when the diagram does not parse. */
  error?: string;
}

const PARSE_TIMEOUT_MS = 15_000;
const IDLE_MS = 60_000;

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 1;
const pending = new Map<number, (verdict: MermaidVerdict) => void>();

function settleAll(verdict: MermaidVerdict) {
  for (const resolve of pending.values()) resolve(verdict);
  pending.clear();
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL("./mermaid-worker.mjs", import.meta.url));
  started.unref();
  started.on("message", (message: { id: number; ok: boolean; error?: string }) => {
    pending.get(message.id)?.({ ok: message.ok, error: message.error });
    pending.delete(message.id);
  });
  started.on("error", (error) => {
    log.error("mermaid checker failed", { error });
    settleAll({ ok: false, error: "The diagram checker is unavailable" });
    worker = null;
  });
  started.on("exit", () => {
    if (worker === started) worker = null;
  });
  worker = started;
  return started;
}

/** Parses one diagram with Mermaid's own parser (in a worker thread, kept while in use). */
export function checkMermaid(code: string): Promise<MermaidVerdict> {
  const target = ensureWorker();
  clearTimeout(idleTimer);
  const id = nextId++;
  return new Promise<MermaidVerdict>((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve({ ok: false, error: "The diagram took too long to parse" });
    }, PARSE_TIMEOUT_MS);
    pending.set(id, (verdict) => {
      clearTimeout(timer);
      resolve(verdict);
      if (pending.size === 0) {
        idleTimer = setTimeout(() => void stopMermaidChecker(), IDLE_MS);
        idleTimer.unref();
      }
    });
    target.postMessage({ id, code });
  });
}

export async function stopMermaidChecker(): Promise<void> {
  const current = worker;
  worker = null;
  if (current) await current.terminate();
}
