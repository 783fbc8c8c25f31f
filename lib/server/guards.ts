import { AccountService } from "../auth/account-service";
import { AccountStore } from "../auth/accounts";
import { AccessGuard } from "../auth/guard";
import { SessionStore } from "../auth/sessions";
import { SignInLimiter } from "../auth/sign-in-limiter";
import { TokenStore } from "../auth/tokens";
import type { AppConfig } from "../config/env";
import type { Database } from "../db/client";
import { FrontDoor } from "../http/front-door";
import { AllowedHosts } from "../security/allowed-hosts";
import { RateLimits } from "../security/rate-limits";
import type { SecretBox } from "../security/secret-box";

export interface Guards {
  /** Who a request is: sessions, the access code, sign-in limits. */
  guard: AccessGuard;
  /** Accounts, passwords, sessions lists and API tokens. */
  accounts: AccountService;
  /** Budgets per principal (chats, run starts). */
  limits: RateLimits;
  /** The host names and origins this server answers to. */
  hosts: AllowedHosts;
  /** Host, origin, content type, body limits and headers of every HTTP request. */
  door: FrontDoor;
}

/**
 * The checks every surface shares (DESIGN.md "Security"), built once from the
 * configuration. `port` is read lazily: with PORT=0 it is known only after listening.
 */
export async function createGuards(options: {
  config: AppConfig;
  db: Database;
  secrets: SecretBox;
  dev: boolean;
  port: () => number;
}): Promise<Guards> {
  const { config } = options;
  const limits = new RateLimits();
  const sessions = new SessionStore(options.db);
  await sessions.prune();
  const tokens = new TokenStore(options.db);
  await tokens.prune();
  const store = new AccountStore(options.db);
  const signIns = new SignInLimiter();
  const guard = new AccessGuard(config, {
    sessions,
    accounts: store,
    tokens,
    signIns,
    limits,
    tag: (value) => options.secrets.tag(value),
  });
  const accounts = new AccountService(config, {
    guard,
    accounts: store,
    sessions,
    tokens,
    signIns,
    limits,
  });
  const hosts = new AllowedHosts({
    host: config.HOST,
    port: options.port,
    publicUrl: config.PUBLIC_URL,
    allowedHosts: config.ALLOWED_HOSTS,
    allowedOrigins: config.ALLOWED_ORIGINS,
  });
  const door = new FrontDoor({
    hosts,
    trustProxy: config.TRUST_PROXY,
    bodyLimits: {
      default: config.MAX_BODY_BYTES,
      chat: config.MAX_CHAT_BODY_BYTES,
      import: config.MAX_IMPORT_BODY_BYTES,
    },
    dev: options.dev,
  });
  return { guard, accounts, limits, hosts, door };
}
