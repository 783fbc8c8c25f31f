import { z } from "zod";

/**
 * Usage and cost wire shapes (PROTOCOLS.md §8): the totals runs, wikis and chat answers
 * carry, `GET /api/usage`, the price table of Settings and a run's optional budget.
 */

/** Tokens and dollars; `cost` null when no model involved has a price; `estimated` when a provider reported none. */
export const usageTotalsSchema = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  // PROTOCOLS §1 names only the two counts in a chat's `done`: a client reading another
  // server's events (or an older one's) takes the rest as unknown.
  cost: z.number().nonnegative().nullable().default(null),
  estimated: z.boolean().default(false),
});
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

export const NO_USAGE: UsageTotals = {
  input_tokens: 0,
  output_tokens: 0,
  cost: 0,
  estimated: false,
};

/** `max_tokens`, `max_cost` in a run's start request: the run stops before spending more. */
export const runBudgetSchema = z.object({
  max_tokens: z.number().int().positive().max(1_000_000_000).optional(),
  max_cost: z.number().positive().max(1_000_000).optional(),
});
export type RunBudget = z.infer<typeof runBudgetSchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date, YYYY-MM-DD");

/** `GET /api/usage` query: a range of days (inclusive, UTC) and what to group by. */
export const usageQuerySchema = z.object({
  from: day.or(z.iso.datetime({ offset: true })).optional(),
  to: day.or(z.iso.datetime({ offset: true })).optional(),
  group_by: z.enum(["model", "user", "day"]).default("day"),
  /** Admins only: another user's usage, or `*` for everyone's (implied by `group_by=user`). */
  user_id: z.string().min(1).max(200).optional(),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

export const usageItemSchema = z.object({
  key: z.string(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost: z.number().nullable(),
});
export type UsageItem = z.infer<typeof usageItemSchema>;
/** `admin`: whether the viewer may see everyone's usage (the usage page offers it then). */
export type UsageReport = { items: UsageItem[]; admin: boolean };

/** A row of the price table: USD per million tokens. */
export const priceEntrySchema = z.strictObject({
  model: z.string().trim().min(1).max(200),
  input_per_million: z.number().nonnegative().max(100_000),
  output_per_million: z.number().nonnegative().max(100_000),
});
export type PriceEntryInput = z.infer<typeof priceEntrySchema>;

/** `PUT /api/settings/prices`: the configured prices (defaults apply to every model not listed). */
export const pricesInputSchema = z.strictObject({
  items: z.array(priceEntrySchema).max(1_000),
});
export type PricesInput = z.infer<typeof pricesInputSchema>;

/** `GET /api/settings/prices`: every price in force, the defaults marked. */
export interface PricesView {
  items: (PriceEntryInput & { default: boolean })[];
  can_edit: boolean;
}
