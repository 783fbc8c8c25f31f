import { EventEmitter } from "node:events";
import { mkdirSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { Socket as NetSocket } from "node:net";
import path from "node:path";
import next from "next";
import { Server as SocketIOServer } from "socket.io";
import { LOCAL_USER_ID } from "../auth/guard";
import type { AppConfig } from "../config/env";
import { openDatabase } from "../db/client";
import { openPgNotifier } from "../db/notify";
import { users } from "../db/schema";
import { answerHealth, isHealthRequest } from "../http/health";
import { loginRedirect } from "../http/page-gate";
import { readModelSettings } from "../llm/model-settings";
import { ModelRegistry } from "../llm/models";
import { configureLogger, logger } from "../log";
import { ChatSocketServer } from "../realtime/chat-socket";
import { ProgressHub } from "../realtime/progress-hub";
import { ParserThread } from "../repos/parser-thread";
import { RepoService } from "../repos/service";
import { RunBusBridge } from "../runs/bus-bridge";
import { DiskSpace } from "../runs/disk-space";
import { RunEventBus } from "../runs/event-bus";
import { type RunKind, RunKindRegistry } from "../runs/kinds";
import { RunService } from "../runs/service";
import { RunWorker } from "../runs/worker";
import { createQueryRewrite } from "../search/query-rewrite";
import { SnapshotSearch } from "../search/retrieval";
import { SecretBox } from "../security/secret-box";
import { TokenVault } from "../security/token-vault";
import { clearServices, registerServices, type Services } from "../services";
import { WebhookDispatcher } from "../webhooks/dispatcher";
import { WebhookService } from "../webhooks/service";
import { WikiService } from "../wiki/service";
import { createGuards } from "./guards";

const log = logger("server");
const PROGRESS_PATHS = ["/socket.io", "/ws/socket.io"];

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
  configureLogger({
    level: config.LOG_LEVEL,
    secrets: [
      config.ACCESS_CODE,
      config.OPENAI_API_KEY,
      config.EMBEDDING_API_KEY,
      config.CARTOGRAPH_SECRET,
    ],
  });
  const dataDir = path.resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir });
  await database.db
    .insert(users)
    .values({ id: LOCAL_USER_ID, name: "Local user" })
    .onConflictDoNothing();

  const kinds = new RunKindRegistry();
  const bus = new RunEventBus();
  const secrets = SecretBox.fromConfig({ ...config, DATA_DIR: dataDir });
  let listeningPort = config.PORT;
  const { guard, limits, hosts, door } = await createGuards({
    config,
    db: database.db,
    secrets,
    dev: options.dev,
    port: () => listeningPort,
  });
  const disk = new DiskSpace({ dir: dataDir, minFreeMb: config.MIN_FREE_DISK_MB });
  // Deliveries are sent where runs execute; any process may queue them (a cancel, a test).
  const dispatcher =
    config.CARTOGRAPH_ROLE === "web"
      ? null
      : new WebhookDispatcher({
          db: database.db,
          secrets,
          bus,
          retryDelaysMs: config.WEBHOOK_RETRY_DELAYS_MS,
          timeoutMs: config.WEBHOOK_TIMEOUT_MS,
          allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
        });
  const webhooks = new WebhookService({
    db: database.db,
    secrets,
    allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
    onQueued: () => dispatcher?.wake(),
  });
  const worker =
    config.CARTOGRAPH_ROLE === "web"
      ? null
      : new RunWorker({
          db: database.db,
          bus,
          kinds,
          leaseMs: config.RUN_LEASE_MS,
          perUserLimit: config.MAX_CONCURRENT_RUNS_PER_USER,
          maxAttempts: config.RUN_MAX_ATTEMPTS,
          singleProcess: database.driver === "pglite",
          disk,
          onRunEnded: webhooks.recordRunEnd,
        });
  const runs = new RunService({
    db: database.db,
    bus,
    kinds,
    guard,
    perUserLimit: config.MAX_CONCURRENT_RUNS_PER_USER,
    maxQueued: config.MAX_QUEUED_RUNS,
    // Every start passes these checks before anything is written.
    admit: (principal) => {
      disk.assertRoom();
      limits.take("run", principal.key);
    },
    onRunEnded: webhooks.recordRunEnd,
  });
  // Processes sharing a Postgres wake each other through it; PGlite is one process.
  const bridge =
    database.driver === "postgres" && config.DATABASE_URL
      ? new RunBusBridge(await openPgNotifier(config.DATABASE_URL, "cartograph_runs"), bus)
      : null;
  const vault = new TokenVault();
  const repos = new RepoService({ db: database.db, runs, vault, config });
  const models = new ModelRegistry(config, () => readModelSettings(database.db, secrets));
  const embedder = () => models.embedder();
  const search = new SnapshotSearch(database.db, embedder, path.join(dataDir, "indexes"));
  // Loading the search thread takes a few hundred ms: not in the first search after a start.
  search.warm();
  const queryRewrite = createQueryRewrite({ enabled: config.QUERY_REWRITE === "on" });
  const wikis = new WikiService({ db: database.db, repos, runs, models });
  // Started on the first file an index run parses (never in a web-only process).
  const parser = new ParserThread();
  const services: Services = {
    config,
    database,
    runs,
    guard,
    limits,
    repos,
    parser,
    search,
    queryRewrite,
    vault,
    embedder,
    models,
    secrets,
    wikis,
    disk,
    webhooks,
  };
  for (const kind of options.kinds(services)) kinds.register(kind);
  registerServices(services);

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
    deps: { db: database.db, repos, search, queryRewrite, models },
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

  await worker?.start();
  dispatcher?.start();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  listeningPort = port;
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
      chatSockets.close();
      for (const hub of hubs) hub.close();
      for (const io of progressServers) io.close();
      await Promise.all([worker?.stop(), chatSockets.drained(1_000)]);
      await dispatcher?.stop();
      await parser.close();
      await bridge?.close();
      for (const socket of sockets) socket.destroy();
      await app.close?.();
      await search.close();
      await database.close();
      clearServices();
    })();
    return closing;
  };

  return { url: `http://${displayHost}:${port}`, port, services, close };
}
