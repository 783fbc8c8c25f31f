import { createHash, timingSafeEqual } from "node:crypto";
import type { AppConfig } from "../config/env";
import { AppError } from "../errors";
import type { RateLimits } from "../security/rate-limits";
import type { Account, AccountStore, Role } from "./accounts";
import { looksLikeApiToken, type TokenScope } from "./api-token";
import { type ExpectedTag, SESSION_COOKIE, type SessionStore } from "./sessions";
import type { SignInLimiter } from "./sign-in-limiter";
import type { TokenStore } from "./tokens";

export const LOCAL_USER_ID = "local";
export const LOCAL_USERNAME = "local";

export interface Principal {
  userId: string;
  /**
   * Whose budget a request spends: the session or token it came with, or in `none` mode
   * (one local user) the client address.
   */
  key: string;
  /** The session id the request presented (sign-out revokes it). */
  sessionId?: string;
  /** `admin` manages users and the shared provider settings. Absent: treated as `member`. */
  role?: Role;
  /** `read` (a read-only API token) is refused state-changing requests. Absent: `write`. */
  scope?: TokenScope;
  /** How the request proved who it is. */
  via?: "local" | "session" | "access-code" | "token";
  /** The API token the request came with. */
  tokenId?: string;
  username?: string;
}

export const isAdmin = (principal: Principal): boolean => principal.role === "admin";
export const canWrite = (principal: Principal): boolean => principal.scope !== "read";

/** Shared settings (providers) and accounts are the admins': others get 403. */
export function assertAdmin(principal: Principal): void {
  if (!isAdmin(principal)) throw new AppError("forbidden:admin", "Only an admin can do this");
}

/** What every surface can tell the guard about a request: its headers and the client. */
export type HeaderReader = (name: string) => string | undefined | null;
export interface AuthRequest {
  header: HeaderReader;
  /** The client's address as the front door established it. */
  clientAddress: string;
}

export interface AccessGuardDeps {
  sessions: SessionStore;
  accounts: AccountStore;
  tokens: TokenStore;
  signIns: SignInLimiter;
  limits: RateLimits;
  /** Keyed fingerprint of a credential (SecretBox.tag). */
  tag: (value: string) => string;
}

/**
 * The single access check of every surface (REST, Socket.IO, WebSocket). Surfaces pass
 * headers and the client address in and act on the principal or the AppError that comes
 * out. Browsers hold a server-side session (never the code); scripts send the code as a
 * bearer token, and each wrong one counts as a failed sign-in.
 */
export class AccessGuard {
  private readonly credentialTag: string;

  constructor(
    private readonly config: Pick<AppConfig, "AUTH_MODE" | "ACCESS_CODE"> &
      Partial<Pick<AppConfig, "DEEPWIKI_CLIENT_AUTH">>,
    private readonly deps: AccessGuardDeps,
  ) {
    // Sessions are bound to the code they were made with: a new code ends them all.
    this.credentialTag = deps.tag(`access-code:${config.ACCESS_CODE ?? ""}`).slice(0, 32);
  }

  get authRequired(): boolean {
    return this.config.AUTH_MODE !== "none";
  }

  /**
   * DeepWiki's surface opened the DeepWiki way (DEEPWIKI_CLIENT_AUTH=deepwiki, access-code
   * mode only): DeepWiki's frontend calls the REST endpoints through its own server, which
   * forwards no credentials, so its reads, chat and wiki cache writes are open to requests
   * that passed the front door (allowed host, allowed origin). Deleting still needs the code.
   */
  get deepWikiSurfaceOpen(): boolean {
    return (
      this.config.AUTH_MODE === "access-code" && this.config.DEEPWIKI_CLIENT_AUTH === "deepwiki"
    );
  }

  /**
   * The check of a DeepWiki-surface request: open as DeepWiki is when the operator chose
   * so and the request presents no credentials; credentials presented are always checked.
   */
  async authenticateDeepWikiClient(request: AuthRequest): Promise<Principal> {
    if (this.deepWikiSurfaceOpen && !presentsCredentials(request.header)) {
      return {
        userId: LOCAL_USER_ID,
        key: `deepwiki:${request.clientAddress}`,
        // DeepWiki's open surface reads and stores wiki caches; it changes no settings.
        role: "member",
        scope: "write",
        via: "local",
        username: LOCAL_USERNAME,
      };
    }
    return this.authenticate(request);
  }

  get mode(): AppConfig["AUTH_MODE"] {
    return this.config.AUTH_MODE;
  }

  /**
   * Who a request is. A bearer is an API token (`cgt_…`, any mode that asks for sign-in)
   * or, in access-code mode, the code itself; a wrong one counts as a failed sign-in.
   * Otherwise the session cookie, bound to the code (access-code) or to the account's
   * password generation (accounts). Tokens and accounts are read from the database on
   * every request, so a revocation, expiry or disabled account is refused at once.
   */
  async authenticate(request: AuthRequest): Promise<Principal> {
    if (this.config.AUTH_MODE === "none") {
      return {
        userId: LOCAL_USER_ID,
        key: `address:${request.clientAddress}`,
        role: "admin",
        scope: "write",
        via: "local",
        username: LOCAL_USERNAME,
      };
    }
    const bearer = bearerOf(request.header);
    if (bearer !== undefined) {
      let principal: Principal | null = null;
      await this.deps.signIns.attempt(request.clientAddress, async () => {
        principal = await this.bearerPrincipal(bearer);
        return principal !== null;
      });
      const found = principal as Principal | null;
      if (found) return found;
      throw this.refuse(request);
    }
    const sessionId = cookieOf(request.header, SESSION_COOKIE);
    if (sessionId) {
      let account: Account | null = null;
      const expected: ExpectedTag =
        this.config.AUTH_MODE === "accounts"
          ? async (userId) => {
              account = await this.deps.accounts.findActive(userId);
              return account ? this.accountTag(account) : null;
            }
          : this.credentialTag;
      const session = await this.deps.sessions.verify(sessionId, expected);
      if (session) {
        const who = account as Account | null;
        return {
          userId: session.userId,
          key: `session:${session.idHash.slice(0, 32)}`,
          sessionId,
          role: who ? who.role : "admin",
          scope: "write",
          via: "session",
          username: who ? who.username : LOCAL_USERNAME,
        };
      }
    }
    throw this.refuse(request);
  }

  /** The tag an account's sessions carry: a new password makes a new one. */
  accountTag(account: Pick<Account, "id" | "passwordGeneration">): string {
    return this.deps.tag(`account:${account.id}:${account.passwordGeneration}`).slice(0, 32);
  }

  private async bearerPrincipal(bearer: string): Promise<Principal | null> {
    if (looksLikeApiToken(bearer)) {
      const token = await this.deps.tokens.verify(bearer);
      if (!token) return null;
      const base = {
        key: `token:${token.id}`,
        scope: token.scope,
        via: "token" as const,
        tokenId: token.id,
      };
      if (this.config.AUTH_MODE === "accounts") {
        const account = await this.deps.accounts.findActive(token.userId);
        if (!account) return null;
        return { ...base, userId: account.id, role: account.role, username: account.username };
      }
      // access-code: the operator's tokens only (an account's token from another mode is not).
      if (token.userId !== LOCAL_USER_ID) return null;
      return { ...base, userId: LOCAL_USER_ID, role: "admin", username: LOCAL_USERNAME };
    }
    if (this.config.AUTH_MODE !== "access-code" || !this.isAccessCode(bearer)) return null;
    return {
      userId: LOCAL_USER_ID,
      key: `bearer:${fingerprint(bearer)}`,
      role: "admin",
      scope: "write",
      via: "access-code",
      username: LOCAL_USERNAME,
    };
  }

  /**
   * Checks an access code under the sign-in limits; a right one opens a session (null in
   * `none` mode, where there is nothing to sign in to).
   */
  async signIn(
    code: string,
    client: { clientAddress: string; userAgent?: string },
  ): Promise<{ ok: boolean; session?: { id: string; expiresAt: Date } }> {
    if (this.config.AUTH_MODE === "none") return { ok: true };
    if (this.config.AUTH_MODE === "accounts") return { ok: false };
    const ok = await this.deps.signIns.attempt(client.clientAddress, () => this.isAccessCode(code));
    if (!ok) return { ok: false };
    const session = await this.deps.sessions.create({
      userId: LOCAL_USER_ID,
      credentialTag: this.credentialTag,
      clientAddress: client.clientAddress,
      userAgent: client.userAgent,
    });
    return { ok: true, session };
  }

  /** Revokes the session the request carries, if any. */
  async signOut(header: HeaderReader): Promise<void> {
    const sessionId = cookieOf(header, SESSION_COOKIE);
    if (sessionId) await this.deps.sessions.revoke(sessionId);
  }

  private isAccessCode(presented: string): boolean {
    return Boolean(this.config.ACCESS_CODE && safeEqual(presented, this.config.ACCESS_CODE));
  }

  /** Unauthenticated requests spend a budget of their own, keyed by address. */
  private refuse(request: AuthRequest): AppError {
    this.deps.limits.take("unauthenticated", request.clientAddress);
    return new AppError("unauthorized:auth", "Authentication required");
  }
}

function presentsCredentials(header: HeaderReader): boolean {
  return bearerOf(header) !== undefined || cookieOf(header, SESSION_COOKIE) !== undefined;
}

function bearerOf(header: HeaderReader): string | undefined {
  const authorization = header("authorization");
  if (!authorization) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  return match ? match[1].trim() : undefined;
}

/** One cookie's value; anything malformed is treated as absent. */
export function cookieOf(header: HeaderReader, name: string): string | undefined {
  const cookies = header("cookie");
  if (!cookies) return undefined;
  for (const part of cookies.split(";")) {
    const index = part.indexOf("=");
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function fingerprint(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 32);
}

function safeEqual(a: string, b: string): boolean {
  // Equal-length digests, so neither the length nor the content leaks through timing.
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right) && a === b;
}
