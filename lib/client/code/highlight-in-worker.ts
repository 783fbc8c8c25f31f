import type { HighlightReply, HighlightRequest } from "./highlight-worker";

/** undefined: not started yet; null: workers are unavailable here, colour on the main thread. */
let worker: Worker | null | undefined;
let lastId = 0;
const waiting = new Map<number, (lines: string[] | null) => void>();

function startWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    const started = new Worker(new URL("./highlight-worker.ts", import.meta.url), {
      type: "module",
    });
    started.onmessage = (event: MessageEvent<HighlightReply>) => {
      waiting.get(event.data.id)?.(event.data.lines);
      waiting.delete(event.data.id);
    };
    started.onerror = () => {
      // A worker that cannot start or crashes is given up on; callers fall back.
      for (const resolve of waiting.values()) resolve(null);
      waiting.clear();
      started.terminate();
      worker = null;
    };
    worker = started;
  } catch {
    worker = null;
  }
  return worker;
}

/**
 * Colours a file in a background thread. Null means the worker could not do it: the
 * caller colours on the main thread instead.
 */
export function highlightInWorker(
  content: string,
  grammar: string,
  marks: string[],
): Promise<string[] | null> {
  const target = startWorker();
  if (!target) return Promise.resolve(null);
  const id = ++lastId;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    target.postMessage({ id, content, grammar, marks } satisfies HighlightRequest);
  });
}
