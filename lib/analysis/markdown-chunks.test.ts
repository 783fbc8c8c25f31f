import { describe, expect, it } from "vitest";
import { analyzeFile } from "./chunk-file";
import { expectExactChunks } from "./chunk-test-support";

const README = `---
title: Cartograph
---

Cartograph turns a repository into a wiki.

# Getting started

Install the dependencies and start the server.

## Install

### Linux

\`\`\`sh
# not a heading: inside a fence
npm ci
\`\`\`

### macOS

Use Homebrew for git.

Configuration
-------------

Set DATABASE_URL to use Postgres.

---

A horizontal rule above, not a heading.

## FAQ ##
Why? Because.
`;

describe("markdown chunks", () => {
  it("makes one chunk per section, labelled with its heading", async () => {
    const result = await analyzeFile({ path: "README.md", language: "markdown", content: README });
    expect(result.strategy).toBe("markdown");
    expectExactChunks(README, result.chunks);
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // Front matter and the text before the first heading.
      [1, 5, undefined],
      [7, 9, "Getting started"],
      // A heading with nothing under it but a sub-heading is folded into it; `#` in a fence is code.
      [11, 18, "Install / Linux"],
      [20, 22, "macOS"],
      // Setext heading; the `---` after a blank line is a rule, not a heading.
      [24, 31, "Configuration"],
      [33, 34, "FAQ"],
    ]);
  });

  it("windows a section too long for one chunk and keeps its heading", async () => {
    const body = Array.from(
      { length: 250 },
      (_, i) => `Step ${i + 1}: run the migration for table ${i}.`,
    );
    const content = ["# Intro", "", "Short.", "", "# Migrations", "", ...body, ""].join("\n");
    const result = await analyzeFile({ path: "docs/migrations.md", language: "markdown", content });
    expectExactChunks(content, result.chunks, { overlapping: true });
    expect(result.chunks[0]).toMatchObject({ startLine: 1, endLine: 3, symbol: "Intro" });
    const pieces = result.chunks.slice(1);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.every((chunk) => chunk.symbol === "Migrations")).toBe(true);
    expect(pieces[0].startLine).toBe(5);
    expect(pieces[pieces.length - 1].endLine).toBe(256);
  });
});
