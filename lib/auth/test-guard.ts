import type { AppConfig } from "../config/env";
import type { Database } from "../db/client";
import { RateLimits } from "../security/rate-limits";
import { SecretBox } from "../security/secret-box";
import { AccountService } from "./account-service";
import { AccountStore } from "./accounts";
import { AccessGuard } from "./guard";
import { SessionStore } from "./sessions";
import { SignInLimiter, type SignInLimiterOptions } from "./sign-in-limiter";
import { TokenStore } from "./tokens";

type GuardConfig = Pick<AppConfig, "AUTH_MODE" | "ACCESS_CODE"> &
  Partial<Pick<AppConfig, "DEEPWIKI_CLIENT_AUTH" | "SIGNUP">>;

/** A guard over real parts for unit tests; `none` mode never touches the database. */
export function testGuard(
  config: GuardConfig,
  options: { db?: Database; signIns?: SignInLimiterOptions } = {},
): AccessGuard {
  return testAuth(config, options).guard;
}

/** The guard and the account service over one database, as the server builds them. */
export function testAuth(
  config: GuardConfig,
  options: { db?: Database; signIns?: SignInLimiterOptions } = {},
): { guard: AccessGuard; accounts: AccountService } {
  const box = new SecretBox("unit-test-secret");
  const db = options.db ?? ({} as Database);
  const sessions = new SessionStore(db);
  // A cheap scrypt cost: the hashing is tested in password.test.ts, these test the flows.
  const store = new AccountStore(db, { N: 2 ** 10, r: 8, p: 1 });
  const tokens = new TokenStore(db);
  const signIns = new SignInLimiter({ sleep: async () => {}, ...options.signIns });
  const limits = new RateLimits();
  const guard = new AccessGuard(config, {
    sessions,
    accounts: store,
    tokens,
    signIns,
    limits,
    tag: (value) => box.tag(value),
  });
  const accounts = new AccountService(config, {
    guard,
    accounts: store,
    sessions,
    tokens,
    signIns,
    limits,
  });
  return { guard, accounts };
}
