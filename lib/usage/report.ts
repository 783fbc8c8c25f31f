import { isAdmin, type Principal } from "../auth/guard";
import type { Database } from "../db/client";
import { AppError } from "../errors";
import type { UsageQuery, UsageReport } from "../protocol/usage";
import { usageReport } from "./queries";

/** Everyone's usage: `user_id=*`, and what `group_by=user` means. */
export const ALL_USERS = "*";

/**
 * `GET /api/usage`: a user's own usage; everyone's (grouped by user, or `user_id=*`) and
 * another user's (`user_id=<id>`) only for admins.
 */
export async function usageFor(
  db: Database,
  principal: Principal,
  query: UsageQuery,
): Promise<UsageReport> {
  const wanted = query.user_id ?? (query.group_by === "user" ? ALL_USERS : principal.userId);
  if (wanted !== principal.userId && !isAdmin(principal)) {
    throw new AppError("forbidden:usage", "Only an admin can see other users' usage");
  }
  const items = await usageReport(db, {
    ...query,
    userId: wanted === ALL_USERS ? undefined : wanted,
  });
  return { items, admin: isAdmin(principal) };
}
