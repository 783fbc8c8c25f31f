import type { AccountService } from "./auth/account-service";
import type { AccessGuard } from "./auth/guard";
import type { PreparationGate } from "./chat/preparation-gate";
import type { AppConfig } from "./config/env";
import type { DatabaseHandle } from "./db/client";
import type { Embedder } from "./llm/embedder";
import type { ModelRegistry } from "./llm/models";
import type { ParserThread } from "./repos/parser-thread";
import type { RepoService } from "./repos/service";
import type { DiskSpace } from "./runs/disk-space";
import type { RunService } from "./runs/service";
import type { QueryRewrite } from "./search/query-rewrite";
import type { SnapshotSearch } from "./search/retrieval";
import type { RateLimits } from "./security/rate-limits";
import type { SecretBox } from "./security/secret-box";
import type { TokenVault } from "./security/token-vault";
import type { ModelCallRecorder } from "./usage/recorder";
import type { WebhookService } from "./webhooks/service";
import type { WikiService } from "./wiki/service";

/**
 * Long-lived services, created once by server.ts. Next.js compiles route handlers
 * separately, so they are published on globalThis and read only through here.
 */
export interface Services {
  config: AppConfig;
  database: DatabaseHandle;
  runs: RunService;
  guard: AccessGuard;
  /** Accounts (sign-up, sign-in, passwords, admin changes), sessions lists and API tokens. */
  accounts: AccountService;
  /** Request budgets per principal (chats, run starts). */
  limits: RateLimits;
  repos: RepoService;
  /** The thread index runs parse files on, off the thread that answers requests. */
  parser: ParserThread;
  search: SnapshotSearch;
  /** Turns a question into the code's words before it is searched, when switched on. */
  queryRewrite: QueryRewrite;
  /** How many answers prepare their prompt at once (lib/chat/preparation-gate.ts). */
  chatGate: PreparationGate;
  /** Access tokens in memory for the runs that need them; never stored. */
  vault: TokenVault;
  /** The embedder in force (null when no embedding model is configured). */
  embedder: () => Promise<Embedder | null>;
  models: ModelRegistry;
  /** Seals secrets stored at rest. */
  secrets: SecretBox;
  wikis: WikiService;
  /** DATA_DIR's free space against MIN_FREE_DISK_MB. */
  disk: DiskSpace;
  /** Users' webhooks; their deliveries are queued when runs end and sent by the dispatcher. */
  webhooks: WebhookService;
  /** Records every model call's usage and cost; holds the price table in force. */
  usage: ModelCallRecorder;
}

const registryKey = Symbol.for("cartograph.services");
type Registry = { [registryKey]?: Services };

export function registerServices(services: Services): void {
  (globalThis as Registry)[registryKey] = services;
}

export function clearServices(): void {
  delete (globalThis as Registry)[registryKey];
}

export function getServices(): Services {
  const services = (globalThis as Registry)[registryKey];
  if (!services) {
    throw new Error("Services are not registered: start the app through server.ts");
  }
  return services;
}
