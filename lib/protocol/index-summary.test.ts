import { describe, expect, it } from "vitest";
import { countReasons, describeIndexed, describeSkipped, skippedFiles } from "./index-summary";

describe("describeSkipped", () => {
  it("groups the index's reasons under readable labels, largest first", () => {
    expect(
      describeSkipped({
        "over the size limit": 200,
        "dependency, build or VCS folder": 2_500,
        "minified or generated": 300,
        generated: 100,
      }),
    ).toBe(
      "3,100 skipped: 2,500 vendored or build output, 400 generated or minified, 200 too large",
    );
  });

  it("says nothing when nothing was skipped", () => {
    expect(describeSkipped({})).toBe("");
    expect(describeSkipped({ binary: 0 })).toBe("");
  });
});

describe("describeIndexed", () => {
  it("says how many were parsed and how many reused", () => {
    expect(describeIndexed({ files: 405, parsed: 12, reused: 393 })).toBe(
      "405 files: 12 parsed, 393 already analysed",
    );
    expect(describeIndexed({ files: 1, parsed: 1, reused: 0 })).toBe("1 file parsed");
  });
});

describe("skippedFiles", () => {
  it("adds the listing's and the content's reasons, and counts the rest as unreadable", () => {
    expect(
      skippedFiles({
        listed: 20,
        indexed: 12,
        byListing: { lockfile: 1, ".gitignore": 2 },
        byContent: { binary: 2, generated: 1 },
      }),
    ).toEqual({ lockfile: 1, ".gitignore": 2, binary: 2, generated: 1, unreadable: 2 });
  });

  it("adds up to the files of the commit that are not indexed", () => {
    const skipped = skippedFiles({
      listed: 10,
      indexed: 10,
      byListing: {},
      byContent: {},
    });
    expect(skipped).toEqual({});
  });
});

describe("countReasons", () => {
  it("counts each reason", () => {
    expect(countReasons(["binary", "lockfile", "binary"])).toEqual({ binary: 2, lockfile: 1 });
  });
});
