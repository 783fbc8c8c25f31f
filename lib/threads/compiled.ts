/**
 * A worker thread's compiled entry (scripts/build-threads.mjs), when there is one built from
 * the sources as they are now. A thread started from it loads plain JavaScript: no
 * TypeScript loader, whose hooks run on a thread of their own (another V8 isolate, ~30 MB
 * with its esbuild process) in every thread that registers them. Null when there is no
 * bundle or a source changed since (development, tests before a build): the caller starts
 * the TypeScript entry through tsx instead.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export type ThreadName = "parser-thread" | "search-thread";

interface Manifest {
  [name: string]: { file: string; inputs: Record<string, string> };
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const THREADS_DIR = path.join(root, ".next", "threads");
/** Checked once per process: sources do not change under a running server. */
const checked = new Map<ThreadName, URL | null>();

export function compiledThreadEntry(name: ThreadName): URL | null {
  if (!checked.has(name)) checked.set(name, currentBundle(name, { root, dir: THREADS_DIR }));
  return checked.get(name) ?? null;
}

/** The bundle of `name` in `dir` when every source it was built from (under `root`) is unchanged. */
export function currentBundle(name: string, where: { root: string; dir: string }): URL | null {
  const { root, dir } = where;
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest;
    const entry = manifest[name];
    if (!entry) return null;
    for (const [source, hash] of Object.entries(entry.inputs)) {
      const now = createHash("sha256")
        .update(readFileSync(path.join(root, source)))
        .digest("hex");
      if (now !== hash) return null;
    }
    const file = path.join(dir, entry.file);
    return existsSync(file) ? pathToFileURL(file) : null;
  } catch {
    return null;
  }
}
