import { fork } from "node:child_process";
import { Server, type Socket } from "node:net";
import { logger } from "../log";

const log = logger("server");
const ENTRY = new URL("./listener-copies-child.mjs", import.meta.url);

/**
 * More ways in for new connections while the event loop is saturated. libuv accepts one
 * connection per listening descriptor per turn of the loop (libuv#3696, Node 20's libuv
 * 1.46), so a loop turning every 5–10 ms under 200 streaming chats lets new connections
 * (a health check, a Socket.IO handshake, the next chat) queue in the kernel for a second.
 * Each copy is another descriptor of the same listening socket, so a turn accepts up to
 * `count + 1` of them; the connections are the server's own (its `connection` event).
 *
 * Node ≥ 22.12 could open the copies with `reusePort`; on Node 20 the only way to a second
 * descriptor of one socket is to pass it through another process: a short-lived child
 * receives the socket's handle and sends it back `count` times, each arriving as a new
 * descriptor. The child never listens on it, so it accepts nothing. A failure leaves the
 * server as it was (one descriptor), with a warning.
 */
export async function addListenerCopies(server: Server, count: number): Promise<ListenerCopies> {
  const none: ListenerCopies = { copies: [], close() {} };
  if (count <= 0 || !server.listening) return none;
  try {
    const copies = await copiesThroughChild(server, count);
    for (const copy of copies) {
      copy.on("connection", (socket: Socket) => {
        // As the server's own accept does (http's `noDelay` default): no Nagle on streamed frames.
        socket.setNoDelay(true);
        server.emit("connection", socket);
      });
      copy.on("error", (error) => log.warn("listener copy failed", { error }));
    }
    const close = () => {
      for (const copy of copies) if (copy.listening) copy.close();
    };
    // `close` is the caller's with the server's own: the server's "close" waits for its
    // connections to end, and the copies would accept new ones until then.
    server.once("close", close);
    return { copies, close };
  } catch (error) {
    log.warn("accepting on one listener only", { error });
    return none;
  }
}

export interface ListenerCopies {
  copies: Server[];
  /** Stops accepting on the copies; call it with the server's `close()`. */
  close(): void;
}

function copiesThroughChild(server: Server, count: number): Promise<Server[]> {
  return new Promise((resolve, reject) => {
    const child = fork(ENTRY, [String(count)], {
      execArgv: [],
      stdio: ["ignore", "ignore", "ignore", "ipc"],
      env: {} as NodeJS.ProcessEnv,
    });
    const copies: Server[] = [];
    const fail = (error: Error) => {
      for (const copy of copies) copy.close();
      child.kill();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error("no copies within 5 s")), 5_000);
    child.on("error", fail);
    // Done when the child has exited: until then it holds a descriptor of the socket too.
    child.on("exit", (code) => {
      if (copies.length < count) return fail(new Error(`copying child exited (${code})`));
      clearTimeout(timer);
      resolve(copies);
    });
    child.on("message", (_message, handle) => {
      if (!handle) return;
      // A raw TCP handle: `listen(handle)` polls it in this loop, as the server polls its own.
      const copy = new Server();
      copy.listen(handle);
      copies.push(copy);
      if (copies.length === count) child.disconnect();
    });
    // The raw handle, not the server: a server arrives listening, and would accept there.
    const handle = (server as unknown as { _handle: object | null })._handle;
    if (!handle) return fail(new Error("the server has no handle"));
    // biome-ignore lint/suspicious/noExplicitAny: send() types its handle as a server or socket; a raw TCP handle is what cluster sends.
    child.send("copy", handle as any);
  });
}
