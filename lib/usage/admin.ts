import { LOCAL_USER_ID, type Principal } from "../auth/guard";

/**
 * Whether a principal may see everyone's usage and change prices: an account's role once
 * accounts exist (a principal that carries one), else the one local user of `none` and
 * `access-code` modes, who administers the server.
 */
export function isAdmin(principal: Principal & { role?: string }): boolean {
  if (principal.role !== undefined) return principal.role === "admin";
  return principal.userId === LOCAL_USER_ID;
}
