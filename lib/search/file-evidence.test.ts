import { describe, expect, it } from "vitest";
import { docLines, fileEvidence } from "./file-evidence";

describe("fileEvidence", () => {
  it("gathers a file's declared names and the doc comments of its chunks, one entry per file", () => {
    const evidence = fileEvidence([
      {
        path: "middleware/throttle.go",
        startLine: 1,
        symbol: "Throttle",
        text: "// Throttle is a middleware that limits the number of requests processed at once.\nfunc Throttle(limit int) {}",
      },
      {
        path: "middleware/throttle.go",
        startLine: 3,
        symbol: "ThrottleOpts",
        text: "type ThrottleOpts struct {\n\tLimit int // how many at a time\n}",
      },
      { path: "mux.go", startLine: 1, symbol: null, text: "package chi" },
    ]);
    expect(evidence).toEqual([
      {
        path: "middleware/throttle.go",
        symbols: "Throttle ThrottleOpts",
        doc: "Throttle is a middleware that limits the number of requests processed at once.",
        summary: "Throttle is a middleware that limits the number of requests processed at once.",
      },
      { path: "mux.go", symbols: "", doc: "", summary: "" },
    ]);
  });

  it("keeps only the first lines of each chunk's comments", () => {
    const text = Array.from({ length: 20 }, (_, line) => `# note number ${line}`).join("\n");
    const [file] = fileEvidence([{ path: "a.py", startLine: 1, symbol: null, text }]);
    expect(file.doc.split("\n")).toEqual([0, 1, 2].map((line) => `note number ${line}`));
  });

  it("sums a file up by the opening lines of its first doc comment, past licence headers", () => {
    const [file] = fileEvidence([
      {
        path: "src/retry.rs",
        startLine: 40,
        symbol: "Policy",
        text: "/// Decides whether a request is retried.\npub trait Policy {}",
      },
      {
        path: "src/retry.rs",
        startLine: 1,
        symbol: null,
        text: [
          "// Copyright 2019 The Authors.",
          "// Licensed under the MIT licence.",
          "",
          "//! Middleware for retrying failed requests.",
          "//! Each attempt waits longer than the one before.",
          "//! The policy decides which errors are worth another try.",
          "//! Details follow.",
          "use std::time::Duration;",
        ].join("\n"),
      },
    ]);
    expect(file.summary).toBe(
      [
        "Middleware for retrying failed requests.",
        "Each attempt waits longer than the one before.",
        "The policy decides which errors are worth another try.",
      ].join("\n"),
    );
    expect(file.doc).not.toContain("Copyright");
  });
});

describe("docLines", () => {
  it("reads docstrings, line comments and block comments but not code or preprocessor lines", () => {
    const python = 'def retry():\n    """Retry failed requests with a growing delay."""\n    pass';
    expect(docLines(python)).toEqual(["Retry failed requests with a growing delay."]);
    const c = "#include <stdio.h>\n/**\n * Parses the frame header.\n */\nint parse(void);";
    expect(docLines(c)).toEqual(["Parses the frame header."]);
    expect(docLines("const total = price * count; // sums the cart")).toEqual([]);
    expect(docLines("  -- the users table\nSELECT 1;")).toEqual(["the users table"]);
  });
});
