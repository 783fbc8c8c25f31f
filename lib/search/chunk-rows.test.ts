import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { LOCAL_USER_ID } from "../auth/guard";
import type { Database } from "../db/client";
import { chunks, repositories, snapshots } from "../db/schema";
import { freshTestDatabase } from "../db/test-database";
import { ChunkRows } from "./chunk-rows";

let db: Database;

async function insertChunk(text: string): Promise<number> {
  const [row] = await db
    .insert(chunks)
    .values({
      snapshotId: "s1",
      path: "a.ts",
      blobSha: "b",
      startLine: 1,
      endLine: 1,
      language: "typescript",
      text,
      symbol: null,
    })
    .returning({ id: chunks.id });
  return row.id;
}

beforeEach(async () => {
  db = (await freshTestDatabase()).db;
  await db.insert(repositories).values({
    id: "r1",
    kind: "local",
    source: "/x",
    owner: "o",
    name: "n",
    createdBy: LOCAL_USER_ID,
  });
  await db.insert(snapshots).values({
    id: "s1",
    repoId: "r1",
    commit: "c1",
    filters: {},
    filtersKey: "",
    status: "ready",
  });
});

describe("ChunkRows", () => {
  it("reads only the rows it does not remember", async () => {
    const [a, b] = [await insertChunk("alpha"), await insertChunk("beta")];
    const rows = new ChunkRows(db);
    expect([...(await rows.get([a, 999_999])).values()].map((row) => row.text)).toEqual(["alpha"]);
    // Gone from the database: a remembered row is answered without reading it, a new id is read.
    await db.delete(chunks).where(eq(chunks.id, a));
    const again = await rows.get([a, b]);
    expect(again.get(a)?.text).toBe("alpha");
    expect(again.get(b)).toMatchObject({ path: "a.ts", startLine: 1, language: "typescript" });
  });

  it("lets the least recently used rows go beyond its size", async () => {
    const ids = [await insertChunk("aaaa"), await insertChunk("bbbb"), await insertChunk("cccc")];
    const rows = new ChunkRows(db, 10);
    await rows.get([ids[0]]);
    await rows.get([ids[1]]);
    await rows.get([ids[0]]); // used again: ids[1] is now the oldest
    await rows.get([ids[2]]);
    await db.delete(chunks);
    const left = await rows.get(ids);
    expect([...left.keys()].sort()).toEqual([ids[0], ids[2]].sort());
  });
});
