import { timingSafeEqual } from "node:crypto";
import type { AppConfig } from "../config/env";
import { AppError } from "../errors";

export const LOCAL_USER_ID = "local";
export const ACCESS_COOKIE = "cartograph_access";

export interface Principal {
  userId: string;
}

/** What every surface can tell the guard about a request: its headers. */
export type HeaderReader = (name: string) => string | undefined | null;

export interface RunOwnership {
  userId: string;
}

/**
 * The single access check of every surface (REST, Socket.IO, WebSocket). Surfaces
 * only pass headers in and act on the principal or the AppError that comes out.
 */
export class AccessGuard {
  constructor(private readonly config: Pick<AppConfig, "AUTH_MODE" | "ACCESS_CODE">) {
    if (config.AUTH_MODE === "accounts") {
      throw new Error("AUTH_MODE=accounts is not available yet: use none or access-code");
    }
  }

  get authRequired(): boolean {
    return this.config.AUTH_MODE !== "none";
  }

  authenticate(header: HeaderReader): Principal {
    if (this.config.AUTH_MODE === "none") return { userId: LOCAL_USER_ID };
    const presented = presentedAccessCode(header);
    if (presented && this.config.ACCESS_CODE && safeEqual(presented, this.config.ACCESS_CODE)) {
      return { userId: LOCAL_USER_ID };
    }
    throw new AppError("unauthorized:auth", "Authentication required");
  }

  validateAccessCode(code: string): boolean {
    if (this.config.AUTH_MODE === "none") return true;
    return Boolean(this.config.ACCESS_CODE && safeEqual(code, this.config.ACCESS_CODE));
  }

  assertCanAccessRun(principal: Principal, run: RunOwnership): void {
    if (run.userId !== principal.userId) {
      // Same answer as a missing run, so ids of other users' runs are not revealed.
      throw new AppError("not_found:run", "Run not found");
    }
  }
}

function presentedAccessCode(header: HeaderReader): string | undefined {
  const authorization = header("authorization");
  if (authorization?.startsWith("Bearer ")) return authorization.slice("Bearer ".length).trim();
  const cookies = header("cookie");
  if (!cookies) return undefined;
  for (const part of cookies.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === ACCESS_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
