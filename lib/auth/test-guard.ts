import type { AppConfig } from "../config/env";
import type { Database } from "../db/client";
import { RateLimits } from "../security/rate-limits";
import { SecretBox } from "../security/secret-box";
import { AccountStore } from "./accounts";
import { AccessGuard } from "./guard";
import { SessionStore } from "./sessions";
import { SignInLimiter, type SignInLimiterOptions } from "./sign-in-limiter";
import { TokenStore } from "./tokens";

/** A guard over real parts for unit tests; `none` mode never touches the database. */
export function testGuard(
  config: Pick<AppConfig, "AUTH_MODE" | "ACCESS_CODE"> &
    Partial<Pick<AppConfig, "DEEPWIKI_CLIENT_AUTH">>,
  options: { db?: Database; signIns?: SignInLimiterOptions } = {},
): AccessGuard {
  const box = new SecretBox("unit-test-secret");
  const db = options.db ?? ({} as Database);
  return new AccessGuard(config, {
    sessions: new SessionStore(db),
    accounts: new AccountStore(db),
    tokens: new TokenStore(db),
    signIns: new SignInLimiter({ sleep: async () => {}, ...options.signIns }),
    limits: new RateLimits(),
    tag: (value) => box.tag(value),
  });
}
