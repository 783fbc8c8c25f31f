import type { AppConfig } from "../config/env";
import type { Database } from "../db/client";
import { RateLimits } from "../security/rate-limits";
import { SecretBox } from "../security/secret-box";
import { AccessGuard } from "./guard";
import { SessionStore } from "./sessions";
import { SignInLimiter, type SignInLimiterOptions } from "./sign-in-limiter";

/** A guard over real parts for unit tests; `none` mode never touches the database. */
export function testGuard(
  config: Pick<AppConfig, "AUTH_MODE" | "ACCESS_CODE"> &
    Partial<Pick<AppConfig, "DEEPWIKI_CLIENT_AUTH">>,
  options: { db?: Database; signIns?: SignInLimiterOptions } = {},
): AccessGuard {
  const box = new SecretBox("unit-test-secret");
  return new AccessGuard(config, {
    sessions: new SessionStore(options.db ?? ({} as Database)),
    signIns: new SignInLimiter({ sleep: async () => {}, ...options.signIns }),
    limits: new RateLimits(),
    tag: (value) => box.tag(value),
  });
}
