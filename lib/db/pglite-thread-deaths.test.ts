import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { describe, expect, it } from "vitest";
import { healthCheck } from "./client";
import { PgliteThreadClient } from "./pglite-thread-client";

// The embedded database's thread dying on its own: what its calls see, and whether (and
// how) another thread takes its place.

describe("a thread that dies", () => {
  it("fails the queries it had and every later one, and says so", async () => {
    const failures: Error[] = [];
    const doomed = await PgliteThreadClient.open({
      sharedBuffers: "16MB",
      onFailure: (error) => failures.push(error),
    });
    const db = drizzle(doomed as unknown as PGlite);
    // A query long enough to be outstanding when the thread goes.
    const pending = db.execute(sql`select count(*) from generate_series(1, 5000000)`);
    const outcome = pending.then(
      () => "answered",
      (error: Error) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await doomed.kill();
    const error = await outcome;
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).cause ?? error)).toMatch(/thread ended/);
    expect(failures).toHaveLength(1);
    expect(doomed.ended).toBe(true);
    await expect(doomed.query("select 1")).rejects.toThrow(/thread ended/);
    // As openDatabase composes it, /health's check reports the database down.
    const ping = healthCheck(
      () => doomed.query("select 1"),
      () => doomed.ended,
    );
    expect(await ping(100)).toBe(false);
    await doomed.close();
  });
});

/** A client on a new data directory, with the failures it reported; `remove` ends both. */
async function onNewDirectory(restartDelaysMs?: number[]) {
  const root = mkdtempSync(path.join(tmpdir(), "pglite-thread-"));
  const failures: Error[] = [];
  const client = await PgliteThreadClient.open({
    directory: path.join(root, "db"),
    sharedBuffers: "16MB",
    onFailure: (error) => failures.push(error),
    restartDelaysMs,
  });
  return {
    client,
    failures,
    async remove() {
      await client.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

describe("a thread that dies with a data directory", () => {
  it("is started again on it: the calls it had fail, later ones find what was written", async () => {
    const { client, failures, remove } = await onNewDirectory();
    try {
      await client.exec("create table kept (v text); insert into kept values ('before')");
      // A transaction open when the thread goes: it cannot commit, and says why.
      let reachedInside!: () => void;
      const inside = new Promise<void>((resolve) => {
        reachedInside = resolve;
      });
      const transaction = client
        .transaction(async (tx) => {
          await tx.query("insert into kept values ('in the transaction')");
          reachedInside();
          await new Promise((resolve) => setTimeout(resolve, 300));
          await tx.query("insert into kept values ('after the death')");
        })
        .then(
          () => "committed",
          (error: Error) => error.message,
        );
      await inside;
      await client.kill();
      expect(await transaction).toMatch(/thread ended/);
      // Asked while the new thread opens: it waits for it.
      const rows = await client.query<{ v: string }>("select v from kept order by v");
      expect(rows.rows).toEqual([{ v: "before" }]);
      await client.exec("insert into kept values ('after')");
      expect((await client.query("select count(*)::int as n from kept")).rows).toEqual([{ n: 2 }]);
      expect(client.ended).toBe(false);
      expect(failures).toEqual([]);
    } finally {
      await remove();
    }
  });

  it("is not started again once it has died more often than it may", async () => {
    const { client, failures, remove } = await onNewDirectory([0]);
    try {
      await client.kill();
      expect((await client.query<{ n: number }>("select 1 as n")).rows).toEqual([{ n: 1 }]);
      await client.kill();
      await expect(client.query("select 1")).rejects.toThrow(/thread ended/);
      expect(client.ended).toBe(true);
      expect(failures).toHaveLength(1);
    } finally {
      await remove();
    }
  });
});
