import { describe, expect, it } from "vitest";
import { contentCounts, titleFromRepoId } from "./repo-names";

describe("repository names", () => {
  it("reads a title from a repository id", () => {
    expect(titleFromRepoId("github.com~octo~hello-world")).toBe("octo/hello-world");
    expect(titleFromRepoId("gitlab.example.com~group~sub~project")).toBe("group/sub/project");
    expect(titleFromRepoId("local~shop-1a2b3c4d5e")).toBe("shop");
    expect(titleFromRepoId("odd")).toBe("odd");
    // A user's own copy of a source another user holds privately reads as the source.
    expect(titleFromRepoId("github.com~octo~hello~~0a1b2c3d4e5f")).toBe("octo/hello");
    expect(titleFromRepoId("local~shop-1a2b3c4d5e~~0a1b2c3d4e5f")).toBe("shop");
  });

  it("counts files and chunks", () => {
    expect(contentCounts(1, 1)).toBe("1 file · 1 chunk");
    expect(contentCounts(1204, 8311)).toBe("1,204 files · 8,311 chunks");
    expect(contentCounts(null, 3)).toBeNull();
  });

  it("says how many files were skipped and why", () => {
    expect(contentCounts(12, 30, { lockfile: 1, "over the size limit": 2 })).toBe(
      "12 files · 30 chunks · 3 skipped: 2 too large, 1 lockfiles",
    );
  });
});
