import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCAL_USER_ID } from "../auth/guard";
import type { Database } from "../db/client";
import { chunks, files, repositories, snapshots } from "../db/schema";
import { freshTestDatabase } from "../db/test-database";
import { SnapshotSearch } from "./retrieval";

let db: Database;
let cacheDir: string;
const open: SnapshotSearch[] = [];

/** A search over `cacheDir`, closed after the test (its threads end). */
function newSearch() {
  const search = new SnapshotSearch(db, async () => null, cacheDir);
  open.push(search);
  return search;
}

const SOURCE: Record<string, string[]> = {
  "lib/retry.ts": [
    "/** Retries failed requests with a growing delay between attempts. */\nexport function retryWithBackoff(attempt: number) {\n  return 2 ** attempt * 100;\n}",
  ],
  "lib/cache.ts": [
    "// Keeps recent answers in memory.\nexport class AnswerCache {\n  get(key: string) { return this.map.get(key); }\n}",
    "export function evictOldest(cache: AnswerCache) {\n  cache.clear();\n}",
  ],
  "lib/users.ts": ["export function getUserById(id: string) {\n  return db.find(id);\n}"],
  ...Object.fromEntries(
    ["colors", "dates", "paths", "strings", "numbers"].map((name) => [
      `lib/util/${name}.ts`,
      [`export function format${name}(value: unknown) {\n  return String(value);\n}`],
    ]),
  ),
};

/** A snapshot with these files (blob = content), its chunks stored as the index run would. */
async function snapshotOf(id: string, source: Record<string, string[]>) {
  await db.insert(snapshots).values({
    id,
    repoId: "r1",
    commit: id,
    filters: {},
    filtersKey: "",
    status: "ready",
    indexedAt: new Date(),
  });
  for (const [filePath, parts] of Object.entries(source)) {
    const blob = `${filePath}:${parts.join("|")}`;
    await db
      .insert(files)
      .values({ snapshotId: id, path: filePath, blobSha: blob, language: "typescript", size: 1 });
    let line = 1;
    for (const text of parts) {
      await db.insert(chunks).values({
        snapshotId: id,
        path: filePath,
        blobSha: blob,
        startLine: line,
        endLine: line + text.split("\n").length - 1,
        language: "typescript",
        text,
        symbol: null,
      });
      line += text.split("\n").length;
    }
  }
}

beforeEach(async () => {
  db = (await freshTestDatabase()).db;
  cacheDir = mkdtempSync(path.join(tmpdir(), "cartograph-search-"));
  await db.insert(repositories).values({
    id: "r1",
    kind: "local",
    source: "/x",
    owner: "o",
    name: "n",
    createdBy: LOCAL_USER_ID,
  });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((search) => search.close()));
});

describe("SnapshotSearch", () => {
  it("builds a snapshot's index on a thread and returns the matching chunks' rows", async () => {
    await snapshotOf("s1", SOURCE);
    const search = newSearch();
    expect(await search.prepare("s1")).toEqual({ docs: 17, carried: false });
    const [top] = await search.search(
      "s1",
      "where are failed requests retried with a growing delay",
      3,
    );
    expect(top).toMatchObject({
      path: "lib/retry.ts",
      start_line: 1,
      end_line: 4,
      language: "typescript",
    });
    expect(top.text).toContain("retryWithBackoff");
  });

  it("answers after a restart from the stored index, without building again", async () => {
    await snapshotOf("s1", SOURCE);
    await newSearch().prepare("s1");
    // The chunks' texts are gone from the index's point of view: only a stored file can answer.
    const restarted = newSearch();
    await db.update(chunks).set({ text: "replaced" });
    const hits = await restarted.search("s1", "getUserById", 1);
    expect(hits[0]).toMatchObject({ path: "lib/users.ts", text: "replaced" });
  });

  it("indexes a new commit from the previous commit's index, carrying unchanged files over", async () => {
    await snapshotOf("s1", SOURCE);
    const search = newSearch();
    await search.prepare("s1");
    await snapshotOf("s2", {
      ...SOURCE,
      "lib/users.ts": [
        "export function findAccount(email: string) {\n  return db.byEmail(email);\n}",
      ],
      "lib/throttle.ts": [
        "// Limits how many requests run at once.\nexport function throttle(limit: number) {}",
      ],
    });
    expect(await search.prepare("s2")).toEqual({ docs: 19, carried: true });
    const ids = async (query: string) =>
      (await search.search("s2", query, 3)).map((hit) => hit.path);
    expect((await ids("findAccount"))[0]).toBe("lib/users.ts");
    const stale = await search.search("s2", "getUserById", 5);
    expect(stale.some((hit) => hit.text.includes("getUserById"))).toBe(false);
    expect((await ids("limit how many requests run at once"))[0]).toBe("lib/throttle.ts");
    const [carried] = await search.search("s2", "evict the oldest cache entry", 1);
    expect(carried.path).toBe("lib/cache.ts");
    const [row] = await db.select().from(chunks).where(eq(chunks.id, carried.chunk_id));
    expect(row.snapshotId).toBe("s2");
    // The same answers as an index built from nothing.
    const fresh = newSearch();
    fresh.invalidate("s2");
    for (const query of ["findAccount", "cache", "requests growing delay"]) {
      expect(await fresh.search("s2", query, 5)).toEqual(await search.search("s2", query, 5));
    }
  });

  it("builds on first search when no index is stored, and again after invalidate", async () => {
    await snapshotOf("s1", SOURCE);
    const search = newSearch();
    expect((await search.search("s1", "AnswerCache", 1))[0].path).toBe("lib/cache.ts");
    search.invalidate("s1");
    expect((await search.search("s1", "AnswerCache", 1))[0].path).toBe("lib/cache.ts");
  });
});
