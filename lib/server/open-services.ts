import { mkdirSync } from "node:fs";
import path from "node:path";
import { LOCAL_USER_ID } from "../auth/guard";
import { PreparationGate } from "../chat/preparation-gate";
import type { AppConfig } from "../config/env";
import { openDatabase } from "../db/client";
import { lockDataDir } from "../db/data-dir-lock";
import { openPgNotifier } from "../db/notify";
import { users } from "../db/schema";
import type { FrontDoor } from "../http/front-door";
import { readModelSettings } from "../llm/model-settings";
import { ModelRegistry } from "../llm/models";
import { configureLogger } from "../log";
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
import type { AllowedHosts } from "../security/allowed-hosts";
import { SecretBox } from "../security/secret-box";
import { TokenVault } from "../security/token-vault";
import { clearServices, registerServices, type Services } from "../services";
import { ModelCallRecorder } from "../usage/recorder";
import { WebhookDispatcher } from "../webhooks/dispatcher";
import { WebhookService } from "../webhooks/service";
import { WikiService } from "../wiki/service";
import { AfterBurstCollector } from "./after-burst-gc";
import { createGuards } from "./guards";

export interface OpenServicesOptions {
  config: AppConfig;
  /** The run kinds this process executes, built over the services. */
  // biome-ignore lint/suspicious/noExplicitAny: kinds differ in input type; each validates its own.
  kinds: (services: Services) => RunKind<any>[];
  dev: boolean;
  /** The port requests arrive on (known only after listening with PORT=0). */
  port: () => number;
}

export interface OpenedServices {
  services: Services;
  /** The host names and origins this server answers to. */
  hosts: AllowedHosts;
  /** Host, origin, content type, body limits and headers of every HTTP request. */
  door: FrontDoor;
  /** Starts executing runs (a `web`-only process executes none). */
  startWorker(): Promise<void>;
  /** Hands the runs this process executes back (they resume elsewhere or after a restart). */
  stopWorker(): Promise<void>;
  /** Start-up is over (listening): its garbage is collected shortly. */
  started(): void;
  /** Stops the worker and closes everything opened here, in order. */
  close(): Promise<void>;
}

/**
 * Builds every service once (database, guards, runs and their worker, repositories,
 * models, search, wikis) and publishes them, without serving anything: the HTTP server
 * and the MCP stdio process both start from here.
 */
export async function openServices(options: OpenServicesOptions): Promise<OpenedServices> {
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

  // The embedded database is one process's: a second one on the same directory is refused.
  const unlock = config.DATABASE_URL ? () => {} : lockDataDir(dataDir);
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir }).catch(
    (error: unknown) => {
      unlock();
      throw error;
    },
  );
  await database.db
    .insert(users)
    .values({ id: LOCAL_USER_ID, name: "Local user" })
    .onConflictDoNothing();

  const kinds = new RunKindRegistry();
  const bus = new RunEventBus();
  const secrets = SecretBox.fromConfig({ ...config, DATA_DIR: dataDir });
  const { guard, accounts, limits, hosts, door } = await createGuards({
    config,
    db: database.db,
    secrets,
    dev: options.dev,
    port: options.port,
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
  // An index run (or the start-up) leaves its garbage on the server's thread: collected
  // once it is over.
  const collector = new AfterBurstCollector();
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
          onRunEnded: async (tx, row) => {
            await webhooks.recordRunEnd(tx, row);
            if (row.kind === "index") collector.burstEnded();
          },
        });
  const runs = new RunService({
    db: database.db,
    bus,
    kinds,
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
  const usage = new ModelCallRecorder(database.db);
  const models = new ModelRegistry(
    config,
    () => readModelSettings(database.db, secrets),
    undefined,
    usage,
  );
  const embedder = () => models.embedder();
  const search = new SnapshotSearch(database.db, embedder, path.join(dataDir, "indexes"));
  // Loading the search thread takes a few hundred ms: not in the first search after a start.
  search.warm();
  const queryRewrite = createQueryRewrite({ enabled: config.QUERY_REWRITE === "on" });
  const chatGate = new PreparationGate();
  const wikis = new WikiService({ db: database.db, repos, runs, models });
  // Started on the first file an index run parses (never in a web-only process).
  const parser = new ParserThread();
  const services: Services = {
    config,
    database,
    runs,
    guard,
    accounts,
    limits,
    repos,
    parser,
    search,
    queryRewrite,
    chatGate,
    vault,
    embedder,
    models,
    secrets,
    wikis,
    disk,
    webhooks,
    usage,
  };
  for (const kind of options.kinds(services)) kinds.register(kind);
  registerServices(services);

  let closing: Promise<void> | undefined;
  return {
    services,
    hosts,
    door,
    startWorker: async () => {
      await worker?.start();
      dispatcher?.start();
    },
    // Loading modules, migrating and Next's preparation leave ~80 MB of garbage behind.
    started: () => collector.burstEnded(),
    stopWorker: async () => {
      await worker?.stop();
      await dispatcher?.stop();
    },
    close: () => {
      closing ??= (async () => {
        await worker?.stop();
        await dispatcher?.stop();
        collector.close();
        await parser.close();
        await bridge?.close();
        await search.close();
        await database.close();
        unlock();
        clearServices();
      })();
      return closing;
    },
  };
}
