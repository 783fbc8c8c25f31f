import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, waitForStatus } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { type ServerProcess, startServerProcess } from "./support/server-process";

const FIXTURES = path.resolve(import.meta.dirname, "../lib/analysis/fixtures");

/**
 * One real file per language (the chunker's fixtures), a declaration to search for in each, and
 * the chunk the syntax-aware chunker gives it. A server whose grammars failed to load would
 * index these files as line windows: neither the label nor the lines would match.
 */
const CASES = [
  ["go", "go/errors.go", "WithMessagef", "WithMessagef", 227, 237],
  ["rust", "rust/identifier.rs", "new_unchecked", "Identifier.new_unchecked", 103, 153],
  [
    "java",
    "java/AsyncTimeout.java",
    "cancelScheduledTimeout",
    "AsyncTimeout.cancelScheduledTimeout",
    125,
    138,
  ],
  ["kotlin", "kotlin/Mutex.kt", "TryEnqueueLockDesc", "MutexImpl.TryEnqueueLockDesc", 287, 298],
  [
    "csharp",
    "csharp/IsoDateTimeConverter.cs",
    "ReadJson",
    "IsoDateTimeConverter.ReadJson",
    112,
    171,
  ],
  ["c", "c/scanner.c", "set_end_character", "set_end_character", 69, 83],
  ["cpp", "cpp/Formatter.hpp", "make_subcommands", "Formatter.make_subcommands", 167, 207],
  ["ruby", "ruby/builder.rb", "generate_map", "Rack.Builder.generate_map", 247, 257],
  ["php", "php/StreamHandler.php", "getDirFromStream", "StreamHandler.getDirFromStream", 188, 200],
] as const;

let server: ServerProcess;
let repoId: string;

beforeAll(async () => {
  const { allowedRoot, repo } = FixtureRepo.inNewRoot("polyglot");
  repo.write(
    Object.fromEntries(
      CASES.map(([, file]) => [file, readFileSync(path.join(FIXTURES, file), "utf8")]),
    ),
  );
  repo.commit("one file per language");
  server = await startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: allowedRoot } });
  const added = await api<{ repo_id: string; research_id: string }>(server.url, "/api/repos", {
    method: "POST",
    json: { repo_url: repo.dir },
  });
  expect(added.status).toBe(202);
  repoId = added.body.repo_id;
  const run = await waitForStatus(
    server.url,
    added.body.research_id,
    ["completed", "failed"],
    120_000,
  );
  expect(run.status).toBe("completed");
});

afterAll(async () => {
  await server?.stop();
});

describe("a repository in nine languages, indexed by the server", () => {
  it("detects each file's language", async () => {
    const tree = await api<{ files: { path: string; language: string }[] }>(
      server.url,
      `/api/repos/${repoId}/tree`,
    );
    expect(Object.fromEntries(tree.body.files.map((file) => [file.path, file.language]))).toEqual(
      Object.fromEntries(CASES.map(([language, file]) => [file, language])),
    );
  });

  it.each(CASES)(
    "finds the %s declaration as its own syntax chunk",
    async (_language, file, query, symbol, startLine, endLine) => {
      const found = await api<{
        results: { path: string; start_line: number; end_line: number; symbol?: string }[];
      }>(server.url, `/api/repos/${repoId}/search?${new URLSearchParams({ q: query, k: "5" })}`);
      expect(found.body.results[0]).toMatchObject({
        path: file,
        start_line: startLine,
        end_line: endLine,
        symbol,
      });
    },
  );
});
