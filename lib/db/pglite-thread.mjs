// The embedded database's thread: PGlite (WASM) runs here, so a query's work (bulk index
// writes above all) never holds the server's event loop. The server talks to it through
// `pglite-thread-client.ts`, which gives drizzle a client of PGlite's shape. Plain JavaScript:
// worker threads do not inherit the server's TypeScript loader, and this needs none.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/** @type {{ directory?: string, sharedBuffers: string, create?: boolean }} */
const { directory, sharedBuffers, create } = workerData;

const options = {
  startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffers}`],
};

if (create) {
  // Creating the cluster unpacks Postgres's initial files in memory (~500 MB the WASM heap
  // keeps for the life of the instance, and a closed instance's heap waits for this thread's
  // next collection): a thread of its own creates it and ends, giving all of it back.
  mkdirSync(directory, { recursive: true });
  if (!existsSync(path.join(directory, "PG_VERSION"))) {
    await (await PGlite.create(directory, options)).close();
  }
  process.exit(0);
}

async function open() {
  if (directory) mkdirSync(directory, { recursive: true });
  return PGlite.create(directory, options);
}

/** @type {PGlite | undefined} */
let db;
const opened = open().then((instance) => {
  db = instance;
  return instance;
});

/**
 * Open transactions by the id of the call that began them: PGlite's transaction() runs its
 * callback while holding the database (other queries wait), and the callback waits here
 * until the server's side commits or rolls back.
 * @type {Map<number, { tx: import("@electric-sql/pglite").Transaction, end: (commit: boolean, id: number) => void }>}
 */
const transactions = new Map();

const ROLLBACK = Symbol("rollback");

/** Parser tables of drizzle's queries: the listed types arrive as Postgres's text. */
const rawParsers = new Map();
function parsersFor(raw) {
  if (!raw || raw.length === 0) return undefined;
  const key = raw.join(",");
  let parsers = rawParsers.get(key);
  if (!parsers) {
    parsers = Object.fromEntries(raw.map((oid) => [oid, (value) => value]));
    rawParsers.set(key, parsers);
  }
  return parsers;
}

/** An error as data: its message and Postgres fields (the query options hold functions). */
function serializeError(error) {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === "queryOptions") continue;
    const type = typeof value;
    if (value == null || type === "string" || type === "number" || type === "boolean") {
      fields[key] = value;
    } else if (key === "params" && Array.isArray(value)) {
      try {
        fields[key] = structuredClone(value);
      } catch {
        // Parameters that cannot be copied stay behind; the message says what failed.
      }
    }
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

const reply = (id, result) => parentPort.postMessage({ id, result });
const fail = (id, error) => parentPort.postMessage({ id, error: serializeError(error) });

function target(tx) {
  if (tx === undefined) return db;
  const open = transactions.get(tx);
  if (!open) throw new Error("Transaction is closed");
  return open.tx;
}

function begin(id) {
  let begun = false;
  let endId = id;
  db.transaction(async (tx) => {
    begun = true;
    const ended = new Promise((resolve, reject) => {
      transactions.set(id, {
        tx,
        end(commit, callId) {
          endId = callId;
          transactions.delete(id);
          if (commit) resolve();
          else reject(ROLLBACK);
        },
      });
    });
    reply(id, id);
    await ended;
  }).then(
    () => reply(endId, null),
    (error) => {
      transactions.delete(id);
      if (error === ROLLBACK) reply(endId, null);
      else fail(begun ? endId : id, error);
    },
  );
}

async function handle(message) {
  const { id, op } = message;
  try {
    await opened;
    switch (op) {
      case "query": {
        const options = { rowMode: message.rowMode, parsers: parsersFor(message.raw) };
        if (message.paramTypes) options.paramTypes = message.paramTypes;
        reply(id, await target(message.tx).query(message.sql, message.params, options));
        return;
      }
      case "exec":
        reply(id, await target(message.tx).exec(message.sql, { rowMode: message.rowMode }));
        return;
      case "begin":
        begin(id);
        return;
      case "end": {
        const open = transactions.get(message.tx);
        if (!open) throw new Error("Transaction is closed");
        open.end(message.commit, id);
        return;
      }
      case "close":
        await db.close();
        reply(id, null);
        parentPort.close();
        return;
      default:
        throw new Error(`unknown database call ${op}`);
    }
  } catch (error) {
    fail(id, error);
  }
}

opened.then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ ready: false, error: serializeError(error) }),
);
parentPort.on("message", (message) => void handle(message));
