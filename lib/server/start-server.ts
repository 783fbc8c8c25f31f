import { EventEmitter } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import type { Socket as NetSocket } from "node:net";
import next from "next";
import { Server as SocketIOServer } from "socket.io";
import { chatDepsOf } from "../chat/answer";
import type { AppConfig } from "../config/env";
import { answerHealth, isHealthRequest } from "../http/health";
import { loginRedirect } from "../http/page-gate";
import { logger } from "../log";
import { MCP_PATH, McpHttpEndpoint } from "../mcp/http-endpoint";
import { ChatSocketServer } from "../realtime/chat-socket";
import { ProgressHub } from "../realtime/progress-hub";
import type { RunKind } from "../runs/kinds";
import type { Services } from "../services";
import { addListenerCopies } from "./listener-copies";
import { openServices } from "./open-services";

const log = logger("server");
const PROGRESS_PATHS = ["/socket.io", "/ws/socket.io"];
/**
 * Extra descriptors of the listening socket (see listener-copies.ts): a saturated loop
 * accepts up to this many more connections per turn, so a health check or a handshake is
 * not queued in the kernel behind every chat that is waiting to connect.
 */
const LISTENER_COPIES = 7;

export interface StartOptions {
  config: AppConfig;
  /** The run kinds this process executes, built over the services. */
  // biome-ignore lint/suspicious/noExplicitAny: kinds differ in input type; each validates its own.
  kinds: (services: Services) => RunKind<any>[];
  dev: boolean;
  /** The Next.js project directory. */
  dir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  /** Orderly shutdown; resolves when everything is closed. */
  close(): Promise<void>;
}

/** Builds every service once, publishes them, and serves Next.js, Socket.IO and upgrades. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  let listeningPort = config.PORT;
  const opened = await openServices({
    config,
    kinds: options.kinds,
    dev: options.dev,
    port: () => listeningPort,
  });
  const { services, hosts, door } = opened;
  const { guard, limits, runs } = services;
  const mcp = new McpHttpEndpoint(services);

  // Next attaches its upgrade listener (hot reload in dev) to whatever `httpServer` it is
  // given; a stand-in keeps it off the real server, and upgrades for paths this server
  // does not own are forwarded to it below.
  const nextUpgrades = new EventEmitter();
  const app = next({
    dev: options.dev,
    dir: options.dir ?? process.cwd(),
    hostname: config.HOST,
    port: config.PORT,
    httpServer: nextUpgrades as unknown as HttpServer,
  });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer(async (request, response) => {
    if (!(await door.admitRequest(request, response))) return;
    try {
      // Public (see page-gate), and answered at once however busy Next's side is.
      if (isHealthRequest(request.method, request.url))
        return await answerHealth(services, response);
      // The MCP endpoint answers agents, never browsers' pages: before the page gate and Next.
      if ((request.url ?? "/").split("?")[0] === MCP_PATH) {
        await mcp.handle(request, response);
        return;
      }
      // With an access code, a page asked for without it shows the access-code form.
      const login = await loginRedirect(guard, request);
      if (login) {
        response.writeHead(302, { location: login, "cache-control": "no-store" }).end();
        return;
      }
      await handle(request, response);
    } catch (error) {
      log.error("request failed", { path: request.url?.split("?")[0], error });
      if (!response.headersSent) response.writeHead(500).end();
    }
  });
  // Longer than clients' and proxies' idle timeouts, so a reused connection is not cut under them.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const sockets = new Set<NetSocket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  // The seed documents `/socket.io`; Local Deep Research's browser client connects at
  // `/ws/socket.io`. Both are the same hub behind the same checks.
  const progressServers = PROGRESS_PATHS.map(
    (socketPath) =>
      new SocketIOServer(server, {
        path: socketPath,
        // Upgrades for other paths belong to someone else (Next's HMR, /ws/chat): never destroy them.
        destroyUpgrade: false,
        serveClient: false,
        // Socket.IO answers its own requests before the front door: the same host and origin checks.
        allowRequest: (request, callback) => {
          const refusal = door.admitSocketRequest(request);
          callback(refusal?.message ?? null, refusal === null);
        },
      }),
  );
  const hubs = progressServers.map((io) => new ProgressHub(io, runs, guard));
  const chatSockets = new ChatSocketServer({
    deps: chatDepsOf(services),
    guard,
    hosts,
    limits,
    maxFrameBytes: config.MAX_CHAT_BODY_BYTES,
  });

  server.on("upgrade", (request, socket, head) => {
    const pathname = (request.url ?? "/").split("?")[0];
    // engine.io handles its own
    if (PROGRESS_PATHS.some((socketPath) => pathname.startsWith(`${socketPath}/`))) return;
    if (!door.admitUpgrade(request, socket)) return;
    if (pathname === "/ws/chat") return chatSockets.handleUpgrade(request, socket, head);
    // Next's development server takes its hot-reload socket; any other upgrade nobody
    // serves is refused at once rather than left open (an idle socket per attempt).
    if (
      options.dev &&
      pathname.startsWith("/_next/") &&
      nextUpgrades.listenerCount("upgrade") > 0
    ) {
      nextUpgrades.emit("upgrade", request, socket, head);
      return;
    }
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });

  await opened.startWorker();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const listenerCopies = await addListenerCopies(server, LISTENER_COPIES);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  listeningPort = port;
  opened.started();
  if (
    ["0.0.0.0", "::", "[::]"].includes(config.HOST) &&
    !config.PUBLIC_URL &&
    config.ALLOWED_HOSTS.length === 0
  ) {
    log.warn(
      "listening on every interface but only loopback host names are allowed: set PUBLIC_URL or ALLOWED_HOSTS",
    );
  }
  if (config.DEEPWIKI_CLIENT_AUTH === "deepwiki") {
    log.warn(
      config.AUTH_MODE === "access-code"
        ? "DEEPWIKI_CLIENT_AUTH=deepwiki: DeepWiki's endpoints (wiki cache, projects, chat, export, models, local structure) answer without the access code to any allowed host and origin, as DeepWiki does; deleting a wiki still needs it"
        : `DEEPWIKI_CLIENT_AUTH=deepwiki has no effect with AUTH_MODE=${config.AUTH_MODE}`,
    );
  }
  const displayHost = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Stop accepting; tell every open chat and progress socket; hand runs back; then cut what is left.
      server.close();
      listenerCopies.close();
      chatSockets.close();
      for (const hub of hubs) hub.close();
      for (const io of progressServers) io.close();
      await Promise.all([opened.stopWorker(), chatSockets.drained(1_000)]);
      for (const socket of sockets) socket.destroy();
      await app.close?.();
      await opened.close();
    })();
    return closing;
  };

  return { url: `http://${displayHost}:${port}`, port, services, close };
}
