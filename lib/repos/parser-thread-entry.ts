// The parser thread's own module (see parser-thread.ts): it parses what it is sent, one
// file at a time and in order, so its owner knows which file it was on if it dies.
import { parentPort } from "node:worker_threads";
import { parseFile } from "./parse-file";
import type { ParserReply, ParserRequest } from "./parser-thread";

const port = parentPort;
if (!port) throw new Error("parser-thread-entry runs as a worker thread");

let queue = Promise.resolve();
port.on("message", (request: ParserRequest) => {
  queue = queue.then(async () => {
    let reply: ParserReply;
    try {
      reply = { type: "parsed", id: request.id, file: await parseFile(request) };
    } catch (error) {
      reply = { type: "failed", id: request.id, message: (error as Error).message };
    }
    port.postMessage(reply);
  });
});
port.postMessage({ type: "ready" } satisfies ParserReply);
