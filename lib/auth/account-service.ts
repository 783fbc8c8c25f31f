import type { AppConfig } from "../config/env";
import { AppError } from "../errors";
import type { RateLimits } from "../security/rate-limits";
import type { Account, AccountStore, Role } from "./accounts";
import type { AccessGuard, Principal } from "./guard";
import { hashSessionId, type SessionStore } from "./sessions";
import type { SignInLimiter } from "./sign-in-limiter";
import type { TokenStore } from "./tokens";

export interface ClientInfo {
  clientAddress: string;
  userAgent?: string;
}

export interface PublicUser {
  id: string;
  username: string;
  role: Role;
}

export const publicUser = (account: Account): PublicUser => ({
  id: account.id,
  username: account.username,
  role: account.role,
});

/**
 * Sign-up, sign-in, passwords and the admin's changes to accounts (`AUTH_MODE=accounts`),
 * over the same server-side sessions as the access code. Every change that must end
 * access (a new password, a disabled account) revokes sessions and tokens here.
 */
export class AccountService {
  constructor(
    private readonly config: Pick<AppConfig, "AUTH_MODE" | "SIGNUP">,
    private readonly deps: {
      guard: AccessGuard;
      accounts: AccountStore;
      sessions: SessionStore;
      tokens: TokenStore;
      signIns: SignInLimiter;
      limits: RateLimits;
    },
  ) {}

  get tokens(): TokenStore {
    return this.deps.tokens;
  }

  get sessions(): SessionStore {
    return this.deps.sessions;
  }

  get store(): AccountStore {
    return this.deps.accounts;
  }

  /** What the sign-in and sign-up pages offer. */
  async signupState(): Promise<"open" | "invite" | "closed"> {
    if (this.config.AUTH_MODE !== "accounts") return "closed";
    const setting = this.config.SIGNUP;
    if (setting === "closed") return "closed";
    if (!(await this.deps.accounts.anyExist())) return "open";
    return setting ?? "invite";
  }

  async signUp(
    input: { username: string; password: string; invite?: string },
    client: ClientInfo,
  ): Promise<{ user: PublicUser; session: { id: string; expiresAt: Date } }> {
    this.assertAccounts();
    this.deps.limits.take("signup", client.clientAddress);
    const account = await this.deps.accounts.signUp({ ...input, setting: this.config.SIGNUP });
    return { user: publicUser(account), session: await this.openSession(account, client) };
  }

  /** Limited per address and per username: 429 with Retry-After past the limit, else 401. */
  async signIn(
    input: { username: string; password: string },
    client: ClientInfo,
  ): Promise<{ user: PublicUser; session: { id: string; expiresAt: Date } }> {
    this.assertAccounts();
    let account: Account | null = null;
    await this.deps.signIns.attempt(client.clientAddress, () =>
      this.deps.signIns.attempt(`user:${input.username.toLowerCase()}`, async () => {
        account = await this.deps.accounts.checkPassword(input.username, input.password);
        return account !== null;
      }),
    );
    const found = account as Account | null;
    if (!found) throw new AppError("unauthorized:login", "Wrong username or password");
    return { user: publicUser(found), session: await this.openSession(found, client) };
  }

  /**
   * A new password ends every session of the account (they carry the old generation) and
   * opens a fresh one for the browser that changed it. API tokens stay.
   */
  async changePassword(
    principal: Principal,
    input: { current: string; next: string },
    client: ClientInfo,
  ): Promise<{ id: string; expiresAt: Date }> {
    this.assertAccounts();
    if (principal.via !== "session")
      throw new AppError("forbidden:password", "Change the password from a signed-in browser");
    const account = await this.deps.accounts.changePassword(
      principal.userId,
      input.current,
      input.next,
    );
    await this.deps.sessions.revokeAllOf(account.id);
    return this.openSession(account, client);
  }

  /** An admin's change to an account; disabling ends its sessions and revokes its tokens. */
  async updateUser(
    admin: Principal,
    id: string,
    change: { role?: Role; disabled?: boolean },
  ): Promise<PublicUser & { disabled: boolean }> {
    this.assertAccounts();
    if (id === admin.userId && (change.disabled || change.role === "member")) {
      throw new AppError("conflict:user", "Admins cannot disable or demote themselves");
    }
    const account = await this.deps.accounts.update(id, change);
    if (change.disabled) {
      await this.deps.sessions.revokeAllOf(id);
      await this.deps.tokens.revokeAll(id);
    }
    return { ...publicUser(account), disabled: account.disabledAt !== null };
  }

  /** The id the sessions list shows for the request's own session. */
  currentSessionId(principal: Principal): string | undefined {
    return principal.sessionId ? hashSessionId(principal.sessionId) : undefined;
  }

  private openSession(account: Account, client: ClientInfo) {
    return this.deps.sessions.create({
      userId: account.id,
      credentialTag: this.deps.guard.accountTag(account),
      clientAddress: client.clientAddress,
      userAgent: client.userAgent,
    });
  }

  private assertAccounts(): void {
    if (this.config.AUTH_MODE !== "accounts")
      throw new AppError("not_found:accounts", "This server does not use accounts (AUTH_MODE)");
  }
}
