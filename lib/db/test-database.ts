import { sql } from "drizzle-orm";
import { LOCAL_USER_ID } from "../auth/guard";
import { type DatabaseHandle, openDatabase } from "./client";
import { users } from "./schema";

let shared: Promise<DatabaseHandle> | undefined;

/**
 * One real in-memory PGlite per test process (opening one takes seconds); each call
 * empties the tables so tests start from nothing.
 */
export async function freshTestDatabase(): Promise<DatabaseHandle> {
  shared ??= openDatabase({});
  const handle = await shared;
  await handle.db.execute(
    sql`truncate wiki_pages, wikis, chunks, files, blobs, snapshots, repositories, run_steps, run_events, runs, settings, sessions, users cascade`,
  );
  await handle.db.insert(users).values([
    { id: LOCAL_USER_ID, name: "Local user" },
    { id: "other", name: "Other user" },
  ]);
  return handle;
}
