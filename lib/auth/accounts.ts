import { randomUUID } from "node:crypto";
import { and, asc, eq, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import { AppError } from "../errors";
import { consumeInvite } from "./invites";
import {
  DEFAULT_COST,
  hashPassword,
  type ScryptCost,
  verifyDecoy,
  verifyPassword,
} from "./password";

export type Role = "admin" | "member";
export type SignupSetting = "open" | "invite" | "closed";

export interface Account {
  id: string;
  username: string;
  role: Role;
  passwordGeneration: number;
  disabledAt: Date | null;
  createdAt: Date;
}

const columns = {
  id: users.id,
  username: users.username,
  role: users.role,
  passwordGeneration: users.passwordGeneration,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};
// Serialises sign-ups, so two first users cannot both become admin.
const SIGNUP_LOCK_KEY = 727_015;

/**
 * Who may sign up now. `SIGNUP` unset: open until the first account exists, then by
 * invite. The first account never needs an invite (nobody could have made one).
 */
export function signupPolicy(setting: SignupSetting | undefined, accountsExist: boolean) {
  if (setting === "closed") return "closed" as const;
  if (!accountsExist) return "open" as const;
  return setting ?? "invite";
}

/** Accounts of `AUTH_MODE=accounts`: usernames unique without regard to case, scrypt passwords. */
export class AccountStore {
  constructor(
    private readonly db: Database,
    /** The scrypt cost of new hashes (unit tests pass a cheap one; stored hashes carry theirs). */
    private readonly cost: ScryptCost = DEFAULT_COST,
  ) {}

  async anyExist(): Promise<boolean> {
    const [row] = await this.db
      .select({ id: users.id })
      .from(users)
      .where(isNotNull(users.username))
      .limit(1);
    return row !== undefined;
  }

  /** Creates an account under the sign-up policy; the first one is an admin. */
  async signUp(input: {
    username: string;
    password: string;
    invite?: string;
    setting: SignupSetting | undefined;
  }): Promise<Account> {
    // Refusals that need no hash are answered before one is spent.
    const early = signupPolicy(input.setting, await this.anyExist());
    if (early === "closed") throw new AppError("forbidden:signup", "Sign-up is closed");
    if (early === "invite" && !input.invite)
      throw new AppError("forbidden:signup", "Sign-up needs an invite");
    const passwordHash = await hashPassword(input.password, this.cost);
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SIGNUP_LOCK_KEY})`);
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(isNotNull(users.username))
        .limit(1);
      const policy = signupPolicy(input.setting, existing !== undefined);
      if (policy === "closed") throw new AppError("forbidden:signup", "Sign-up is closed");
      const id = randomUUID();
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(sql`lower(${users.username})`, input.username.toLowerCase()))
        .limit(1);
      if (taken) throw new AppError("conflict:username", "That username is taken");
      const role: Role = existing ? "member" : "admin";
      await tx
        .insert(users)
        .values({ id, name: input.username, username: input.username, passwordHash, role });
      if (policy === "invite") {
        if (!input.invite) throw new AppError("forbidden:signup", "Sign-up needs an invite");
        if (!(await consumeInvite(tx, input.invite, id)))
          throw new AppError(
            "forbidden:signup",
            "This invite is not valid: used, expired or unknown",
          );
      }
      const [row] = await tx.select(columns).from(users).where(eq(users.id, id));
      return toAccount(row);
    });
  }

  /** The account for a username and password, or null; unknown names take the same time. */
  async checkPassword(username: string, password: string): Promise<Account | null> {
    const [row] = await this.db
      .select({ ...columns, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(sql`lower(${users.username})`, username.toLowerCase()))
      .limit(1);
    if (!row?.passwordHash) return verifyDecoy(password, this.cost).then(() => null);
    if (!(await verifyPassword(password, row.passwordHash))) return null;
    if (row.disabledAt) return null;
    return toAccount(row);
  }

  /** A live (not disabled) account by id. */
  async findActive(id: string): Promise<Account | null> {
    const [row] = await this.db
      .select(columns)
      .from(users)
      .where(and(eq(users.id, id), isNotNull(users.username), isNull(users.disabledAt)))
      .limit(1);
    return row ? toAccount(row) : null;
  }

  /** Checks the current password, stores the new one and moves to a new generation. */
  async changePassword(id: string, current: string, next: string): Promise<Account> {
    const [row] = await this.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, id));
    if (!row?.passwordHash || !(await verifyPassword(current, row.passwordHash))) {
      throw new AppError("forbidden:password", "The current password is not right");
    }
    const passwordHash = await hashPassword(next, this.cost);
    const [updated] = await this.db
      .update(users)
      .set({ passwordHash, passwordGeneration: sql`${users.passwordGeneration} + 1` })
      .where(eq(users.id, id))
      .returning(columns);
    return toAccount(updated);
  }

  async list(): Promise<Account[]> {
    const rows = await this.db
      .select(columns)
      .from(users)
      .where(isNotNull(users.username))
      .orderBy(asc(users.createdAt));
    return rows.map(toAccount);
  }

  /** Changes a role or disables/enables an account; the last active admin stays one. */
  async update(id: string, change: { role?: Role; disabled?: boolean }): Promise<Account> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SIGNUP_LOCK_KEY})`);
      const [row] = await tx
        .select(columns)
        .from(users)
        .where(and(eq(users.id, id), isNotNull(users.username)));
      if (!row) throw new AppError("not_found:user", "User not found");
      const losesAdmin =
        row.role === "admin" &&
        !row.disabledAt &&
        (change.role === "member" || change.disabled === true);
      if (losesAdmin) {
        const [other] = await tx
          .select({ id: users.id })
          .from(users)
          .where(
            and(
              eq(users.role, "admin"),
              isNull(users.disabledAt),
              isNotNull(users.username),
              ne(users.id, id),
            ),
          )
          .limit(1);
        if (!other) throw new AppError("conflict:user", "The server must keep one active admin");
      }
      const [updated] = await tx
        .update(users)
        .set({
          ...(change.role ? { role: change.role } : {}),
          ...(change.disabled === undefined
            ? {}
            : { disabledAt: change.disabled ? new Date() : null }),
        })
        .where(eq(users.id, id))
        .returning(columns);
      return toAccount(updated);
    });
  }
}

function toAccount(row: {
  id: string;
  username: string | null;
  role: Role;
  passwordGeneration: number;
  disabledAt: Date | null;
  createdAt: Date;
}): Account {
  return {
    id: row.id,
    username: row.username ?? row.id,
    role: row.role,
    passwordGeneration: row.passwordGeneration,
    disabledAt: row.disabledAt,
    createdAt: row.createdAt,
  };
}
