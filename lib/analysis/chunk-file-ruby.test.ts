import { describe, expect, it } from "vitest";
import { analyzeFile } from "./chunk-file";
import { analyzeFixture, chunkNamed, describeSymbols, lineOf } from "./chunk-test-support";

describe("analyzeFile on Ruby", () => {
  it("splits Rack::Builder into its methods, comments above each kept with it", async () => {
    const { content, result } = await analyzeFixture("ruby/builder.rb", "ruby");
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      [1, 1, undefined],
      // `module Rack` and the class documentation, separated from the class by a blank line.
      [3, 31, "Rack"],
      [33, 36, "Rack.Builder"],
      [38, 72, "Rack.Builder.parse_file"],
      [74, 108, "Rack.Builder.load_file"],
      [110, 118, "Rack.Builder.new_from_string"],
      [120, 126, "Rack.Builder.initialize"],
      [128, 132, "Rack.Builder.app"],
      [134, 159, "Rack.Builder.use"],
      [160, 178, "Rack.Builder.run"],
      [180, 192, "Rack.Builder.warmup"],
      [194, 222, "Rack.Builder.map"],
      [224, 228, "Rack.Builder.freeze_app"],
      [230, 238, "Rack.Builder.to_app"],
      [240, 245, "Rack.Builder.call"],
      // `private`, the method, and the `end`s of the class and the module.
      [247, 257, "Rack.Builder.generate_map"],
    ]);
    const parseFile = chunkNamed(result.chunks, "Rack.Builder.parse_file");
    expect(parseFile.startLine).toBe(lineOf(content, "# Parse the given config file"));
    expect(parseFile.text).toContain("def self.parse_file(config, opts = Server::Options.new)");
  });

  it("names singleton and instance methods alike and hides those after `private`", async () => {
    const { result } = await analyzeFixture("ruby/builder.rb", "ruby");
    expect(describeSymbols(result.symbols)).toEqual(
      expect.arrayContaining([
        "Rack module 3 exported",
        "Rack.Builder class 33 exported",
        "Rack.Builder.parse_file method 64 exported",
        "Rack.Builder.call method 243 exported",
        "Rack.Builder.generate_map method 251",
      ]),
    );
    expect(result.symbols).toHaveLength(15);
  });

  it("reads methods defined in `class << self` as the module's own", async () => {
    const { result } = await analyzeFixture("ruby/util.rb", "ruby");
    const symbols = describeSymbols(result.symbols);
    expect(symbols.slice(0, 4)).toEqual([
      "Thor class 3 exported",
      "Thor.Sandbox module 4 exported",
      "Thor.Util module 17 exported",
      "Thor.Util.find_by_namespace method 24 exported",
    ]);
    expect(symbols).toContain("Thor.Util.escape_html method 279 exported");
    expect(chunkNamed(result.chunks, "Thor.Util.user_home")).toMatchObject({
      startLine: 167,
      endLine: 187,
    });
    expect(result.imports).toEqual(["rbconfig"]);
  });

  it("collects literal require paths and skips computed ones", async () => {
    const content = [
      'require "json"',
      "require_relative 'support/helpers'",
      "require File.expand_path('../config', __dir__)",
      'require "#{name}/version"',
      "",
      "def run",
      '  require("optparse")',
      "end",
    ].join("\n");
    const { imports } = await analyzeFile({ path: "bin/tool.rb", language: "ruby", content });
    expect(imports).toEqual(["json", "support/helpers", "optparse"]);
  });
});
