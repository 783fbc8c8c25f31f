import { createServer, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { addListenerCopies } from "./listener-copies";

let server: Server | undefined;
const clients: Socket[] = [];
const connectors: Worker[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(connectors.splice(0).map((worker) => worker.terminate()));
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function listening(): Promise<{ server: Server; port: number }> {
  server = createServer((_request, response) => response.end("ok"));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0 };
}

// Connects from another thread, counting connections the kernel completed, and holds them.
const CONNECTOR = `
const { workerData } = require("node:worker_threads");
const { connect } = require("node:net");
const connected = new Int32Array(workerData.connected);
for (let index = 0; index < workerData.count; index += 1) {
  const socket = connect(workerData.port, "127.0.0.1");
  socket.on("connect", () => Atomics.add(connected, 0, 1));
  socket.on("error", () => {});
}`;

/**
 * Has another thread open `count` connections while this one is busy (so none is accepted
 * yet), then gives the most the server accepted in one turn of this thread's loop.
 */
async function mostAcceptedInOneTurn(target: Server, port: number, count: number): Promise<number> {
  const connected = new Int32Array(new SharedArrayBuffer(4));
  connectors.push(
    new Worker(CONNECTOR, { eval: true, workerData: { port, count, connected: connected.buffer } }),
  );
  const giveUp = performance.now() + 5_000;
  while (Atomics.load(connected, 0) < count && performance.now() < giveUp);
  expect(Atomics.load(connected, 0)).toBe(count);
  // A chain of setImmediate runs once per turn: the most accepted between two of its runs.
  let accepted = 0;
  const onConnection = () => {
    accepted += 1;
  };
  target.on("connection", onConnection);
  const perTurn: number[] = [];
  await new Promise<void>((resolve) => {
    let before = 0;
    const turn = () => {
      perTurn.push(accepted - before);
      before = accepted;
      if (accepted >= count || perTurn.length > 10_000) resolve();
      else setImmediate(turn);
    };
    setImmediate(turn);
  });
  target.off("connection", onConnection);
  expect(accepted).toBe(count);
  return Math.max(...perTurn);
}

describe("listener copies", () => {
  it("serves requests through every copy as the server's own connections", async () => {
    const { server: target, port } = await listening();
    const { copies } = await addListenerCopies(target, 3);
    expect(copies).toHaveLength(3);
    let viaCopies = 0;
    for (const copy of copies) copy.on("connection", () => (viaCopies += 1));
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`http://127.0.0.1:${port}/`, { headers: { connection: "close" } }).then((r) =>
          r.text(),
        ),
      ),
    );
    expect(answers.every((answer) => answer === "ok")).toBe(true);
    expect(viaCopies).toBeGreaterThan(0);
  });

  it("accepts several waiting connections in one turn of a busy loop, where one listener accepts one", async () => {
    const plain = await listening();
    expect(await mostAcceptedInOneTurn(plain.server, plain.port, 12)).toBe(1);
    await Promise.all(connectors.splice(0).map((worker) => worker.terminate()));
    plain.server.closeAllConnections();
    await new Promise((resolve) => plain.server.close(resolve));

    const copied = await listening();
    await addListenerCopies(copied.server, 3);
    expect(await mostAcceptedInOneTurn(copied.server, copied.port, 12)).toBe(4);
  });

  it("stops accepting on its copies when closed with the server", async () => {
    const { server: target, port } = await listening();
    const { copies, close } = await addListenerCopies(target, 2);
    target.close();
    close();
    server = undefined;
    expect(copies.every((copy) => !copy.listening)).toBe(true);
    const refused = await new Promise<string>((resolve) => {
      const client = connect(port, "127.0.0.1");
      client.on("connect", () => resolve("connected"));
      client.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
  });
});
