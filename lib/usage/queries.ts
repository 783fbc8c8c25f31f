import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { modelCalls } from "../db/schema";
import type { UsageItem, UsageQuery, UsageTotals } from "../protocol/usage";

export type ModelCallRow = typeof modelCalls.$inferInsert;

export async function insertModelCall(db: Database, values: ModelCallRow): Promise<void> {
  await db.insert(modelCalls).values(values);
}

/** What a run, chat, message or wiki spent: one filter, the others absent. */
export type UsageOf =
  | { runId: string }
  | { chatId: string }
  | { messageId: number }
  | { wikiId: string; pageId?: string };

const totalsColumns = {
  input: sql<number>`coalesce(sum(${modelCalls.inputTokens}), 0)::int`,
  output: sql<number>`coalesce(sum(${modelCalls.outputTokens}), 0)::int`,
  cost: sql<number | null>`sum(${modelCalls.cost})`,
  calls: sql<number>`count(*)::int`,
  estimated: sql<boolean>`coalesce(bool_or(${modelCalls.estimated}), false)`,
};

function whereOf(of: UsageOf): SQL | undefined {
  if ("runId" in of) return eq(modelCalls.runId, of.runId);
  if ("chatId" in of) return eq(modelCalls.chatId, of.chatId);
  if ("messageId" in of) return eq(modelCalls.messageId, of.messageId);
  return and(
    eq(modelCalls.wikiId, of.wikiId),
    of.pageId === undefined ? undefined : eq(modelCalls.pageId, of.pageId),
  );
}

/** Totals of the calls made for one object; `cost` null when none of them had a price. */
export async function usageTotals(db: Database, of: UsageOf): Promise<UsageTotals> {
  const [row] = await db.select(totalsColumns).from(modelCalls).where(whereOf(of));
  return totalsOfRow(row);
}

function totalsOfRow(row: {
  input: number;
  output: number;
  cost: number | null;
  calls: number;
  estimated: boolean;
}): UsageTotals {
  return {
    input_tokens: Number(row.input),
    output_tokens: Number(row.output),
    cost: row.cost === null ? (Number(row.calls) === 0 ? 0 : null) : roundCost(Number(row.cost)),
    estimated: Boolean(row.estimated),
  };
}

/** Totals per message of a conversation (answers have usage; questions none). */
export async function usageByMessage(
  db: Database,
  { messageIds }: { messageIds: number[] },
): Promise<Map<number, UsageTotals>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .select({ messageId: modelCalls.messageId, ...totalsColumns })
    .from(modelCalls)
    .where(inArray(modelCalls.messageId, messageIds))
    .groupBy(modelCalls.messageId);
  return new Map(rows.map((row) => [Number(row.messageId), totalsOfRow(row)]));
}

/** Totals per run, for listings. */
export async function usageByRun(
  db: Database,
  { runIds }: { runIds: string[] },
): Promise<Map<string, UsageTotals>> {
  if (runIds.length === 0) return new Map();
  const rows = await db
    .select({ runId: modelCalls.runId, ...totalsColumns })
    .from(modelCalls)
    .where(inArray(modelCalls.runId, runIds))
    .groupBy(modelCalls.runId);
  return new Map(rows.map((row) => [String(row.runId), totalsOfRow(row)]));
}

/**
 * `GET /api/usage`: tokens and cost grouped by model, user or UTC day, over
 * `[from, to]` (whole days when dates), for one user or (userId undefined) everyone.
 */
export async function usageReport(
  db: Database,
  query: Pick<UsageQuery, "from" | "to" | "group_by"> & { userId?: string },
): Promise<UsageItem[]> {
  const key = {
    model: sql<string>`${modelCalls.provider} || '/' || ${modelCalls.model}`,
    user: sql<string>`coalesce(${modelCalls.userId}, '')`,
    day: sql<string>`to_char(${modelCalls.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`,
  }[query.group_by];
  const rows = await db
    .select({
      key,
      input: totalsColumns.input,
      output: totalsColumns.output,
      cost: totalsColumns.cost,
      calls: totalsColumns.calls,
      estimated: totalsColumns.estimated,
    })
    .from(modelCalls)
    .where(
      and(
        query.userId === undefined ? undefined : eq(modelCalls.userId, query.userId),
        query.from ? gte(modelCalls.createdAt, startOf(query.from)) : undefined,
        query.to ? lt(modelCalls.createdAt, endOf(query.to)) : undefined,
      ),
    )
    .groupBy(key)
    .orderBy(key);
  return rows.map((row) => {
    const totals = totalsOfRow(row);
    return {
      key: row.key,
      input_tokens: totals.input_tokens,
      output_tokens: totals.output_tokens,
      cost: totals.cost,
    };
  });
}

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const startOf = (value: string) => new Date(isDay(value) ? `${value}T00:00:00Z` : value);
/** A date means through the end of that day; a timestamp is exclusive. */
const endOf = (value: string) =>
  isDay(value) ? new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000) : new Date(value);

const roundCost = (dollars: number) => Math.round(dollars * 1e8) / 1e8;
