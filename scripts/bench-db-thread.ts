// The embedded database's thread against PGlite in the calling thread: the round trip of a
// trivial query and of a 1,000-row chunk page (the index build's read), and the calling
// thread's busy time per query (event-loop utilisation), which is what the thread saves.
// Usage: npx tsx scripts/bench-db-thread.ts
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import { asc, gt, sql } from "drizzle-orm";
import { integer, jsonb, pgTable, serial, text } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { PgliteThreadClient } from "../lib/db/pglite-thread-client";

const chunks = pgTable("chunks", {
  id: serial("id").primaryKey(),
  path: text("path").notNull(),
  startLine: integer("start_line").notNull(),
  symbol: text("symbol"),
  text: text("text").notNull(),
  symbols: jsonb("symbols").notNull(),
});

const ROWS = 5_000;
/** About the size of an indexed chunk's text. */
const TEXT = "export function handler(request, response) { return next(request); }\n".repeat(20);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value: number) => `${value.toFixed(3)} ms`;

async function measure(
  name: string,
  db: ReturnType<typeof drizzle>,
  client: { query: PGlite["query"] },
) {
  await db.execute(sql`drop table if exists chunks`);
  await db.execute(
    sql`create table chunks (id serial primary key, path text not null, start_line integer not null, symbol text, text text not null, symbols jsonb not null)`,
  );
  for (let start = 0; start < ROWS; start += 500) {
    await db.insert(chunks).values(
      Array.from({ length: 500 }, (_, index) => ({
        path: `src/dir-${(start + index) % 50}/file-${start + index}.ts`,
        startLine: index,
        symbol: `handler${index}`,
        text: TEXT,
        symbols: [{ name: `handler${index}`, kind: "function" }],
      })),
    );
  }
  const timed = async (rounds: number, run: () => Promise<unknown>) => {
    for (let i = 0; i < Math.min(20, rounds); i++) await run();
    const times: number[] = [];
    const before = performance.eventLoopUtilization();
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    const elu = performance.eventLoopUtilization(before);
    return { p50: percentile(times, 50), p99: percentile(times, 99), busy: elu.active / rounds };
  };
  const small = await timed(2_000, () => client.query("select 1"));
  const smallDrizzle = await timed(1_000, () =>
    db.select({ id: chunks.id }).from(chunks).where(sql`${chunks.id} = 1`),
  );
  const page = await timed(50, () =>
    db
      .select({
        id: chunks.id,
        path: chunks.path,
        startLine: chunks.startLine,
        symbol: chunks.symbol,
        text: chunks.text,
      })
      .from(chunks)
      .where(gt(chunks.id, 2_000))
      .orderBy(asc(chunks.id))
      .limit(1_000),
  );
  const insert = await timed(20, () =>
    db.insert(chunks).values(
      Array.from({ length: 200 }, (_, index) => ({
        path: `src/new/file-${index}.ts`,
        startLine: index,
        symbol: null,
        text: TEXT,
        symbols: [],
      })),
    ),
  );
  console.log(`\n${name}`);
  for (const [label, result] of Object.entries({
    "select 1 (client.query)": small,
    "one row (drizzle)": smallDrizzle,
    "1,000-row chunk page (drizzle)": page,
    "insert 200 chunk rows (drizzle)": insert,
  })) {
    console.log(
      `  ${label.padEnd(34)} p50 ${ms(result.p50)}  p99 ${ms(result.p99)}  calling thread busy ${ms(result.busy)}`,
    );
  }
}

const direct = await PGlite.create();
await measure("PGlite in the calling thread", drizzle(direct), direct);
await direct.close();
const thread = await PgliteThreadClient.open({ sharedBuffers: "32MB" });
await measure("PGlite in its thread", drizzle(thread as unknown as PGlite), thread);
await thread.close();
