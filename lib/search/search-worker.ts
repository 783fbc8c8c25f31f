/**
 * The search thread: loads snapshot indexes (a few at a time, most recently used kept),
 * ranks queries against them, and builds index files, so none of this CPU work runs on the
 * server's event loop. Messages: `search-worker-client.ts`.
 */
import { renameSync, writeFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { LexicalIndex } from "./lexical-index";
import { type IndexedChunk, isFileDocId, lexicalDocs, rankLexical } from "./lexical-ranking";
import type { WorkerReply, WorkerRequest } from "./search-worker-client";

/** Loaded indexes kept, by file, and the bytes they may hold together. */
const MAX_LOADED = 6;
const MAX_LOADED_BYTES = 1024 * 1024 * 1024;

const loaded = new Map<string, LexicalIndex>();
/** Chunks of builds under way, by build id. */
const pending = new Map<number, IndexedChunk[]>();

function indexAt(file: string): LexicalIndex {
  let index = loaded.get(file);
  if (index) loaded.delete(file);
  else index = LexicalIndex.readFile(file);
  loaded.set(file, index);
  let bytes = 0;
  for (const entry of loaded.values()) bytes += entry.byteSize;
  for (const [oldest, entry] of loaded) {
    if (loaded.size <= 1 || (loaded.size <= MAX_LOADED && bytes <= MAX_LOADED_BYTES)) break;
    loaded.delete(oldest);
    bytes -= entry.byteSize;
  }
  return index;
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
  loaded.delete(file);
}

function handle(request: WorkerRequest): WorkerReply["result"] {
  switch (request.op) {
    case "search": {
      const index = indexAt(request.file);
      return { hits: rankLexical(index, request.query, request.k), meta: index.meta };
    }
    case "rows": {
      const rows = pending.get(request.build) ?? [];
      for (const row of request.rows) rows.push(row);
      pending.set(request.build, rows);
      return {};
    }
    case "build": {
      const rows = pending.get(request.build) ?? [];
      pending.delete(request.build);
      // Each document is let go once indexed, so the texts of a large commit are not all
      // held until the end of the build (they were its peak).
      const docs = consumed(lexicalDocs(rows));
      rows.length = 0;
      const index = request.base
        ? LexicalIndex.derive(
            LexicalIndex.readFile(request.base.file),
            { keep: keeper(request.base.keep, new Set(request.base.dropPaths)), docs },
            request.meta,
          )
        : LexicalIndex.build(docs, request.meta);
      writeAtomically(request.file, index.toBuffer());
      return { docs: index.size };
    }
    case "forget":
      loaded.delete(request.file);
      return {};
  }
}

/** Yields the array's items in order, dropping each from the array as it goes. */
function* consumed<T>(items: (T | undefined)[]): Generator<T> {
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as T;
    items[index] = undefined;
    yield item;
  }
}

/**
 * Which documents of the previous index live on: those of files not dropped, chunks under
 * their new ids (a chunk the new snapshot lacks is dropped), file documents as they were.
 */
function keeper(renamed: [string, string][], dropPaths: Set<string>) {
  const ids = new Map(renamed);
  return (id: string, path: string) => {
    if (dropPaths.has(path)) return null;
    if (isFileDocId(id)) return id;
    return ids.get(id) ?? null;
  };
}

parentPort?.on("message", (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, result: handle(request) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
