import { describe, expect, it } from "vitest";
import { FILE_RANKING, isSupportingFile, rankChunksByFile } from "./file-ranking";

const paths: Record<string, string> = {
  "long-1": "lib/long.ts",
  "long-2": "lib/long.ts",
  "long-3": "lib/long.ts",
  "long-4": "lib/long.ts",
  "retry-1": "lib/backoff.ts",
  "retry-head": "lib/backoff.ts",
  "test-1": "lib/backoff.test.ts",
};

const input = (
  chunkHits: { id: string; score: number }[],
  fileHits: { path: string; score: number }[] = [],
) => ({
  chunkHits,
  fileHits,
  pathOf: (id: string) => paths[id],
  firstChunkOf: (path: string) => (path === "lib/backoff.ts" ? "retry-head" : undefined),
  chunkCountOf: (path: string) => Object.values(paths).filter((entry) => entry === path).length,
});

describe("rankChunksByFile", () => {
  it("does not let one file's many matching chunks crowd out another file", () => {
    const ranked = rankChunksByFile(
      input([
        { id: "long-1", score: 10 },
        { id: "long-2", score: 9.5 },
        { id: "long-3", score: 9 },
        { id: "long-4", score: 9 },
        { id: "retry-1", score: 8 },
      ]),
      3,
    );
    expect(ranked.map((hit) => hit.id)).toEqual(["long-1", "retry-1", "long-2"]);
  });

  it("lifts a file that matches as a whole above a file whose one chunk matches a little better", () => {
    const ranked = rankChunksByFile(
      input(
        [
          { id: "long-1", score: 10 },
          { id: "retry-1", score: 9 },
        ],
        [{ path: "lib/backoff.ts", score: 5 }],
      ),
      2,
    );
    expect(ranked.map((hit) => hit.id)).toEqual(["retry-1", "long-1"]);
  });

  it("answers a file matched only as a whole with its first chunk", () => {
    const ranked = rankChunksByFile(input([], [{ path: "lib/backoff.ts", score: 3 }]), 5);
    expect(ranked.map((hit) => hit.id)).toEqual(["retry-head"]);
  });

  it("ranks a file about the question throughout above a large file that mentions it once", () => {
    const hub = {
      ...paths,
      ...Object.fromEntries(Array.from({ length: 30 }, (_, n) => [`hub-${n}`, "lib/hub.ts"])),
    };
    const ranked = rankChunksByFile(
      {
        chunkHits: [
          { id: "hub-0", score: 10 },
          { id: "retry-1", score: 9.5 },
          { id: "retry-head", score: 9 },
        ],
        fileHits: [],
        pathOf: (id) => hub[id],
        firstChunkOf: () => undefined,
        chunkCountOf: (path) => Object.values(hub).filter((entry) => entry === path).length,
      },
      2,
    );
    expect(ranked.map((hit) => hit.id)).toEqual(["retry-1", "hub-0"]);
  });

  it("ranks a test below the code it tests when both match alike", () => {
    const ranked = rankChunksByFile(
      input([
        { id: "test-1", score: 10 },
        { id: "retry-1", score: 9 },
      ]),
      2,
      FILE_RANKING,
    );
    expect(ranked.map((hit) => hit.id)).toEqual(["retry-1", "test-1"]);
  });
});

describe("isSupportingFile", () => {
  it.each([
    "lib/backoff.test.ts",
    "src/__tests__/a.js",
    "pkg/mux_test.go",
    "tests/test_client.py",
    "_examples/rest/main.go",
    "spec/models/user_spec.rb",
    "test/fixtures/a.json",
    "src/balance/p2c/test.rs",
    "tests/conftest.py",
    "CHANGELOG.md",
    "docs/HISTORY.rst",
  ])("%s is a test, example, fixture or change log", (path) => {
    expect(isSupportingFile(path)).toBe(true);
  });

  it.each([
    "lib/search/retrieval.ts",
    "middleware/request_id.go",
    "oauthlib/common.py",
    "lib/testing-tools/contest.ts",
    "src/router/history.ts",
    "lib/rack/testing.rb",
  ])("%s is not", (path) => {
    expect(isSupportingFile(path)).toBe(false);
  });
});
