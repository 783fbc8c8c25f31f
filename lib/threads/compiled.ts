/**
 * A worker thread's compiled entry (scripts/build-threads.mjs), when there is one built from
 * the sources as they are now. A thread started from it loads plain JavaScript: no
 * TypeScript loader, whose hooks run on a thread of their own (another V8 isolate, ~30 MB
 * with its esbuild process) in every thread that registers them. Null when there is no
 * bundle or a source changed since (development, tests before a build): the caller starts
 * the TypeScript entry through tsx instead.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { currentBundle } from "./bundles.mjs";

export { currentBundle };

export type ThreadName = "parser-thread" | "search-thread";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const THREADS_DIR = path.join(root, ".next", "threads");
/** Checked once per process: sources do not change under a running server. */
const checked = new Map<ThreadName, URL | null>();

export function compiledThreadEntry(name: ThreadName): URL | null {
  if (!checked.has(name)) checked.set(name, currentBundle(name, { root, dir: THREADS_DIR }));
  return checked.get(name) ?? null;
}
