import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { count, eq, sql } from "drizzle-orm";
import {
  bigint,
  customType,
  date,
  integer,
  interval,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgliteThreadClient } from "./pglite-thread-client";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

const items = pgTable("items", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  at: timestamp("at", { withTimezone: true }).notNull(),
  atText: timestamp("at_text", { withTimezone: true, mode: "string" }),
  plain: timestamp("plain"),
  day: date("day"),
  dayDate: date("day_date", { mode: "date" }),
  doc: jsonb("doc").$type<Record<string, unknown>>(),
  amount: numeric("amount"),
  big: bigint("big", { mode: "number" }),
  bigBig: bigint("big_big", { mode: "bigint" }),
  span: interval("span"),
  tags: text("tags").array(),
  blob: bytea("blob"),
  n: integer("n"),
});

const schema = { items };

const CREATE = `create table items (
  id serial primary key, name text not null unique, at timestamptz not null,
  at_text timestamptz, plain timestamp, day date, day_date date, doc jsonb, amount numeric,
  big bigint, big_big bigint, span interval, tags text[], blob bytea, n integer)`;

const ROWS = [
  {
    name: "a",
    at: new Date("2024-02-29T12:34:56.789Z"),
    atText: "2024-03-01 01:02:03.456+00",
    plain: new Date("2023-01-02T03:04:05.000Z"),
    day: "2024-01-31",
    dayDate: new Date("2020-05-06T00:00:00.000Z"),
    doc: { nested: { list: [1, "two", null, true] }, unicode: "é✓" },
    amount: "12345678901234567890.123456789",
    big: 9_007_199_254_740_991,
    bigBig: 123456789012345678n,
    span: "1 day 02:03:04",
    tags: ["x", "y,z", 'q"uote'],
    blob: new Uint8Array([0, 1, 2, 254, 255]),
    n: 7,
  },
  {
    name: "b",
    at: new Date("1999-12-31T23:59:59.000Z"),
    atText: null,
    plain: null,
    day: null,
    dayDate: null,
    doc: null,
    amount: null,
    big: null,
    bigBig: null,
    span: null,
    tags: null,
    blob: null,
    n: null,
  },
];

let thread: PgliteThreadClient;
let direct: PGlite;
const viaThread = () => drizzle(thread as unknown as PGlite, { schema });
const viaDirect = () => drizzle(direct, { schema });

beforeAll(async () => {
  [thread, direct] = await Promise.all([
    PgliteThreadClient.open({ sharedBuffers: "16MB" }),
    PGlite.create(),
  ]);
  for (const db of [viaThread(), viaDirect()]) {
    await db.execute(sql.raw(CREATE));
    await db.insert(items).values(ROWS);
  }
});

afterAll(async () => {
  await Promise.all([thread?.close(), direct?.close()]);
});

/** Every kind of read drizzle makes: selected fields, whole rows, relational, raw SQL. */
async function reads(db: ReturnType<typeof viaThread>) {
  return {
    select: await db.select().from(items).orderBy(items.id),
    fields: await db
      .select({ id: items.id, at: items.at, doc: items.doc, amount: items.amount })
      .from(items)
      .orderBy(items.id),
    relational: await db.query.items.findMany({ orderBy: items.id }),
    counted: await db.select({ total: count() }).from(items),
    $count: await db.$count(items),
    raw: (
      await db.execute(
        sql`select ${items.at}, ${items.plain}, ${items.day}, ${items.doc}, ${items.amount}, ${items.big}, ${items.span}, ${items.tags}, ${items.blob}, count(*) over () as total, now() - now() as zero, array[now(), now()] as stamps from ${items} order by ${items.id}`,
      )
    ).rows,
    returning: await db
      .update(items)
      .set({ n: sql`${items.n}` })
      .where(eq(items.name, "a"))
      .returning(),
  };
}

describe("the embedded database over its thread", () => {
  it("returns the same values and types as PGlite in this thread", async () => {
    const [fromThread, fromDirect] = [await reads(viaThread()), await reads(viaDirect())];
    // `now()` differs between the two databases: only its shape is compared.
    const stamps = (rows: Record<string, unknown>[]) => rows.map((row) => row.stamps);
    expect(stamps(fromThread.raw)[0]).toEqual(expect.stringMatching(/^\{"\d{4}-/));
    for (const row of [...fromThread.raw, ...fromDirect.raw]) delete row.stamps;
    expect(fromThread).toEqual(fromDirect);
    // toEqual does not tell a Date from an equal string, nor Uint8Array from Buffer: check kinds.
    const kinds = (value: unknown): unknown =>
      value === null || typeof value !== "object"
        ? typeof value
        : Array.isArray(value)
          ? value.map(kinds)
          : value.constructor === Object
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, kinds(v)]))
            : value.constructor.name;
    expect(kinds(fromThread)).toEqual(kinds(fromDirect));
    expect(fromThread.select[0].at).toBeInstanceOf(Date);
    expect(fromThread.select[0].bigBig).toBe(123456789012345678n);
    expect(fromThread.select[0].blob).toEqual(new Uint8Array([0, 1, 2, 254, 255]));
    expect(fromThread.counted).toEqual([{ total: 2 }]);
  });

  it("reports a database error with the Postgres fields PGlite gives it", async () => {
    const failed = (db: ReturnType<typeof viaThread>) =>
      db
        .insert(items)
        .values({ name: "a", at: new Date("2024-01-01T00:00:00Z") })
        .then(
          () => null,
          (error: Error & { cause?: Record<string, unknown> }) => error,
        );
    const [fromThread, fromDirect] = [await failed(viaThread()), await failed(viaDirect())];
    expect(fromThread?.cause).toMatchObject({
      code: "23505",
      constraint: "items_name_key",
      table: "items",
      severity: "ERROR",
      detail: "Key (name)=(a) already exists.",
    });
    const fields = (error: unknown) => {
      const { stack, queryOptions, ...rest } = { ...(error as object) } as Record<string, unknown>;
      return { ...rest, message: (error as Error).message, name: (error as Error).name };
    };
    expect(fields(fromThread?.cause)).toEqual(fields(fromDirect?.cause));
    expect(fromThread?.message).toEqual(fromDirect?.message);
    await expect(thread.query("select nope from items")).rejects.toMatchObject({
      code: "42703",
      message: 'column "nope" does not exist',
    });
  });

  it("rolls a failed transaction back, and a failed savepoint only", async () => {
    const db = viaThread();
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(items).values({ name: "rolled back", at: new Date() });
        throw new Error("nope");
      }),
    ).rejects.toThrow("nope");
    await db.transaction(async (tx) => {
      await tx.insert(items).values({ name: "outer", at: new Date() });
      await expect(
        tx.transaction(async (inner) => {
          await inner.insert(items).values({ name: "inner", at: new Date() });
          inner.rollback();
        }),
      ).rejects.toThrow(/Rollback/);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(items).values({ name: "explicit", at: new Date() });
        tx.rollback();
      }),
    ).rejects.toThrow(/Rollback/);
    const names = (await db.select({ name: items.name }).from(items)).map((row) => row.name);
    expect(names).toContain("outer");
    expect(names).not.toContain("rolled back");
    expect(names).not.toContain("inner");
    expect(names).not.toContain("explicit");
    await db.delete(items).where(eq(items.name, "outer"));
  });

  it("fails the commit of a transaction whose statement failed", async () => {
    const db = viaThread();
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(items).values({ name: "never", at: new Date() });
        await tx
          .insert(items)
          .values({ name: "a", at: new Date() })
          .catch(() => undefined);
      }),
    ).rejects.toThrow();
    expect(await db.$count(items, eq(items.name, "never"))).toBe(0);
    // The database is usable afterwards.
    expect(await db.$count(items)).toBe(2);
  });

  it("makes other queries wait while a transaction is open", async () => {
    const db = viaThread();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inside = () => {};
    const entered = new Promise<void>((resolve) => {
      inside = resolve;
    });
    const order: string[] = [];
    const transaction = db.transaction(async (tx) => {
      await tx.insert(items).values({ name: "in tx", at: new Date() });
      inside();
      await held;
      order.push("commit");
    });
    await entered;
    const outside = db
      .select({ name: items.name })
      .from(items)
      .then((rows) => {
        order.push("outside");
        return rows.map((row) => row.name);
      });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(order).toEqual([]);
    release();
    await transaction;
    // The waiting query ran after the commit and sees its row.
    expect(await outside).toContain("in tx");
    expect(order).toEqual(["commit", "outside"]);
    await db.delete(items).where(eq(items.name, "in tx"));
  });

  it("answers many concurrent queries, each with its own result", async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        thread.query<{ n: number }>("select $1::int as n", [index]),
      ),
    );
    expect(answers.map((answer) => answer.rows[0].n)).toEqual(
      Array.from({ length: 200 }, (_, index) => index),
    );
  });
});

describe("a data directory", () => {
  it("is created on a thread of its own, and what is written survives a close and reopen", async () => {
    const directory = path.join(mkdtempSync(path.join(tmpdir(), "pglite-thread-")), "db");
    try {
      const first = await PgliteThreadClient.open({ directory, sharedBuffers: "16MB" });
      expect(existsSync(path.join(directory, "PG_VERSION"))).toBe(true);
      await first.exec("create table kept (v text); insert into kept values ('written')");
      await first.close();
      const second = await PgliteThreadClient.open({ directory, sharedBuffers: "16MB" });
      expect((await second.query("select v from kept")).rows).toEqual([{ v: "written" }]);
      await second.close();
    } finally {
      rmSync(path.dirname(directory), { recursive: true, force: true });
    }
  });
});

describe("a database that cannot be opened", () => {
  it("fails the open with the reason", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "pglite-thread-"));
    try {
      const notADirectory = path.join(root, "file");
      writeFileSync(notADirectory, "");
      await expect(
        PgliteThreadClient.open({ directory: notADirectory, sharedBuffers: "16MB" }),
      ).rejects.toMatchObject({
        message: expect.stringMatching(/creating the embedded database/),
        cause: expect.objectContaining({ code: "EEXIST" }),
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("closing", () => {
  it("shuts PGlite down and ends the thread; later calls fail", async () => {
    expect((await thread.query<{ one: number }>("select 1 as one")).rows).toEqual([{ one: 1 }]);
    await thread.close();
    expect(thread.ended).toBe(true);
    await expect(thread.query("select 1")).rejects.toThrow(/closed/);
    await thread.close();
  });
});
