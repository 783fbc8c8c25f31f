import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { chunks, files, snapshots } from "../db/schema";
import { freshTestDatabase } from "../db/test-database";
import type { RunContext } from "../runs/kinds";
import { TokenVault } from "../security/token-vault";
import { createIndexRunKind } from "./index-run";
import { type FileParser, parseFile } from "./parse-file";
import { insertSnapshotIfAbsent, type RepositoryRow, upsertRepository } from "./queries";

let db: Database;
let repoDir: string;
let repository: RepositoryRow;
/** Paths handed to the parser, across every run of a test. */
let parsedPaths: string[];

const countingParser: FileParser = {
  parse(file) {
    parsedPaths.push(file.path);
    return parseFile(file);
  },
};

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: repoDir, encoding: "utf8" }).trim();
}

function write(files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(repoDir, file)), { recursive: true });
    writeFileSync(path.join(repoDir, file), content);
  }
}

function commit(message: string): string {
  git("add", "--all");
  git("commit", "--quiet", "-m", message);
  return git("rev-parse", "HEAD");
}

const moduleSource = (n: number) =>
  `export function step${n}(value: number): number {\n  return value * ${n};\n}\n`;

/** A run context that memoises steps in `steps`, as the run platform does. */
function runContext(snapshotId: string, steps = new Map<string, unknown>()) {
  const logs: string[] = [];
  const context: RunContext<{ snapshot_id: string }> = {
    runId: "run",
    userId: "local",
    input: { snapshot_id: snapshotId },
    attempt: 1,
    signal: new AbortController().signal,
    progress: () => {},
    log: (message) => logs.push(message),
    partial: () => {},
    emit: () => {},
    async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
      if (steps.has(name)) return steps.get(name) as T;
      const result = await fn();
      steps.set(name, JSON.parse(JSON.stringify(result)));
      return result;
    },
  };
  return { context, logs, steps };
}

const kind = () =>
  createIndexRunKind({
    db,
    vault: new TokenVault(),
    cacheDir: tmpdir(),
    allowPrivateHosts: false,
    maxFileBytes: 1_000_000,
    parser: countingParser,
  });

async function snapshotOf(commitSha: string) {
  return insertSnapshotIfAbsent(db, {
    id: randomUUID(),
    repoId: repository.id,
    commit: commitSha,
    filters: {},
    filtersKey: "",
  });
}

async function indexCommit(commitSha: string) {
  const snapshot = await snapshotOf(commitSha);
  const run = runContext(snapshot.id);
  const result = (await kind().execute(run.context)) as Record<string, unknown>;
  return { snapshot, result, logs: run.logs };
}

/** What a snapshot holds, without ids: equal for equal contents however they were written. */
async function contentsOf(snapshotId: string) {
  const fileRows = await db
    .select({
      path: files.path,
      blob: files.blobSha,
      language: files.language,
      symbols: files.symbols,
    })
    .from(files)
    .where(eq(files.snapshotId, snapshotId))
    .orderBy(asc(files.path));
  const chunkRows = await db
    .select({ path: chunks.path, start: chunks.startLine, end: chunks.endLine, text: chunks.text })
    .from(chunks)
    .where(eq(chunks.snapshotId, snapshotId))
    .orderBy(asc(chunks.path), asc(chunks.startLine));
  return { files: fileRows, chunks: chunkRows };
}

beforeEach(async () => {
  db = (await freshTestDatabase()).db;
  parsedPaths = [];
  repoDir = mkdtempSync(path.join(tmpdir(), "cartograph-index-run-"));
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "Test");
  repository = await upsertRepository(db, {
    id: `local~${path.basename(repoDir)}`,
    kind: "local",
    source: repoDir,
    owner: "local",
    name: path.basename(repoDir),
    createdBy: "local",
  });
});

describe("index run", () => {
  it("parses only what a commit changed; the rest is copied from the previous index as it was", async () => {
    const modules: Record<string, string> = { "README.md": "# Demo\n\nA demo.\n" };
    for (let n = 0; n < 30; n++) modules[`src/m${n}.ts`] = moduleSource(n);
    write(modules);
    const first = await indexCommit(commit("thirty modules"));
    expect(first.result).toMatchObject({ files: 31, parsed: 31, reused: 0 });

    write({ "src/m3.ts": moduleSource(333), "src/new.ts": moduleSource(1000) });
    rmSync(path.join(repoDir, "src/m5.ts"));
    parsedPaths = [];
    const second = await indexCommit(commit("one changed, one added, one deleted"));
    expect(parsedPaths.sort()).toEqual(["src/m3.ts", "src/new.ts"]);
    expect(second.result).toMatchObject({ files: 31, parsed: 2, reused: 29 });
    expect(second.logs.at(-1)).toMatch(
      /31 files into \d+ chunks: 2 parsed, 29 reused \(29 unchanged since/,
    );

    // The same as indexing that commit from nothing.
    const fromScratch = await contentsOf(second.snapshot.id);
    await db.execute(sql`delete from snapshots`);
    const alone = await indexCommit(git("rev-parse", "HEAD"));
    expect(await contentsOf(alone.snapshot.id)).toEqual(fromScratch);
  });

  it("copies a renamed file's analysis instead of parsing it again, and leaves out what is not source once and for all", async () => {
    write({ "src/billing.ts": moduleSource(1), "src/other.ts": moduleSource(2) });
    await indexCommit(commit("two modules"));
    renameSync(path.join(repoDir, "src/billing.ts"), path.join(repoDir, "src/invoice.ts"));
    write({ "src/generated.ts": `// @generated by a tool\n${moduleSource(3)}` });
    parsedPaths = [];
    const renamed = await indexCommit(commit("rename, and a generated file"));
    expect(parsedPaths).toEqual(["src/generated.ts"]);
    expect(renamed.result).toMatchObject({
      files: 2,
      parsed: 0,
      reused: 2,
      skipped: 1,
      skipped_by_reason: { generated: 1 },
    });
    // The snapshot keeps why: the repository's row says it beside its file count.
    const [stored] = await db
      .select({ fileCount: snapshots.fileCount, skipped: snapshots.skipped })
      .from(snapshots)
      .where(eq(snapshots.id, renamed.snapshot.id));
    expect(stored).toEqual({ fileCount: 2, skipped: { generated: 1 } });
    expect(renamed.logs.at(-1)).toMatch(/; 1 skipped: 1 generated or minified$/);
    const contents = await contentsOf(renamed.snapshot.id);
    expect(contents.files.map((file) => file.path)).toEqual(["src/invoice.ts", "src/other.ts"]);
    expect(contents.chunks.find((chunk) => chunk.path === "src/invoice.ts")?.text).toContain(
      "step1",
    );

    // The next commit leaves the generated file out without reading it again.
    write({ "src/other.ts": moduleSource(22) });
    parsedPaths = [];
    const next = await indexCommit(commit("other changes"));
    expect(parsedPaths).toEqual(["src/other.ts"]);
    expect(next.result).toMatchObject({ files: 2, parsed: 1, reused: 1, skipped: 1 });
    expect(next.logs).toContainEqual(
      expect.stringMatching(
        /^Reused 1 unchanged file\(s\) of [0-9a-f]{10} and left out 1 again unread; 1 new or changed$/,
      ),
    );
  });

  it("resumes a run cut short after its copy: every step again gives the same contents once", async () => {
    for (let n = 0; n < 5; n++) write({ [`src/m${n}.ts`]: moduleSource(n) });
    await indexCommit(commit("five"));
    write({ "src/m0.ts": moduleSource(50) });
    const snapshot = await snapshotOf(commit("one changed"));
    const complete = runContext(snapshot.id);
    await kind().execute(complete.context);
    const expected = await contentsOf(snapshot.id);

    // Replayed from the copy on (its result forgotten, as when the server died in it) and
    // from the batches on: nothing is doubled.
    for (const forget of [["reuse-unchanged", "changed-0"], ["changed-0"]]) {
      const steps = new Map(complete.steps);
      for (const name of forget) steps.delete(name);
      await kind().execute(runContext(snapshot.id, steps).context);
      expect(await contentsOf(snapshot.id)).toEqual(expected);
    }
  });
});
