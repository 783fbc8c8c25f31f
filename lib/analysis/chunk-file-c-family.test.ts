import { describe, expect, it } from "vitest";
import { analyzeFixture, chunkNamed, describeSymbols, lineOf } from "./chunk-test-support";

describe("analyzeFile on C", () => {
  it("chunks tree-sitter-python's scanner along its functions and types", async () => {
    const { content, result } = await analyzeFixture("c/scanner.c", "c", { overlapping: true });
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      [1, 7, undefined],
      [9, 22, "TokenType"],
      [24, 32, "Flags"],
      // One-line `static inline` helpers merge with the typedef before them.
      [34, 46, "Delimiter, new_delimiter, is_format, is_raw, is_triple, is_bytes"],
      [48, 59, "end_character"],
      [61, 67, "set_format, set_raw, set_triple, set_bytes"],
      [69, 83, "set_end_character"],
      [85, 89, "Scanner"],
      [91, 93, "advance, skip"],
      // A 268-line function becomes overlapping windows that all carry its name.
      [95, 194, "tree_sitter_python_external_scanner_scan"],
      [185, 284, "tree_sitter_python_external_scanner_scan"],
      [275, 362, "tree_sitter_python_external_scanner_scan"],
      [364, 390, "tree_sitter_python_external_scanner_serialize"],
      [392, 417, "tree_sitter_python_external_scanner_deserialize"],
      [419, 430, "tree_sitter_python_external_scanner_create"],
      [432, 437, "tree_sitter_python_external_scanner_destroy"],
    ]);
    expect(chunkNamed(result.chunks, "set_end_character").startLine).toBe(
      lineOf(content, "static inline void set_end_character("),
    );
    expect(describeSymbols(result.symbols)).toEqual(
      expect.arrayContaining([
        "TokenType enum 9 exported",
        // A typedef names the struct or enum it defines.
        "Flags enum 32 exported",
        "Delimiter class 36 exported",
        // `static` keeps a function inside its file.
        "is_format function 40",
        "tree_sitter_python_external_scanner_scan function 95 exported",
      ]),
    );
    expect(result.imports).toEqual([
      "tree_sitter/array.h",
      "tree_sitter/parser.h",
      "assert.h",
      "stdint.h",
      "stdio.h",
      "string.h",
    ]);
  });

  it('reads a header through its include guard and extern "C" block', async () => {
    const { result } = await analyzeFixture("c/parser.h", "c");
    const symbols = describeSymbols(result.symbols);
    expect(symbols.slice(0, 5)).toEqual([
      // Inside `#ifndef TREE_SITTER_API_H_` within `extern "C" {` within the include guard.
      "TSStateId type 17 exported",
      "TSSymbol type 18 exported",
      "TSFieldId type 19 exported",
      "TSLanguage type 20 exported",
      "TSLanguageMetadata class 25 exported",
    ]);
    expect(symbols).toEqual(
      expect.arrayContaining([
        "TSLexer class 48 exported",
        "TSParseActionType enum 64 exported",
        "set_contains function 154",
        // Function-like macros are the header's API too.
        "ADVANCE function 195 exported",
        "REDUCE function 261 exported",
      ]),
    );
    // `typedef struct TSLanguage TSLanguage;` shares the first chunk; the definition has its own.
    expect(result.chunks).toContainEqual(
      expect.objectContaining({ startLine: 107, endLine: 152, symbol: "TSLanguage" }),
    );
    expect(chunkNamed(result.chunks, "REDUCE")).toMatchObject({ startLine: 261, endLine: 270 });
    expect(result.imports).toEqual(["stdbool.h", "stdint.h", "stdlib.h"]);
  });
});

describe("analyzeFile on C++", () => {
  it("splits CLI11's Timer class into methods, honouring access sections", async () => {
    const { result } = await analyzeFixture("cpp/Timer.hpp", "cpp");
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // License, includes and `namespace CLI {`.
      [1, 22, undefined],
      // The class comment, header and `protected:` members join the first method.
      [24, 50, "Timer.Simple"],
      [52, 56, "Timer.Big"],
      [58, 61, "Timer.Timer"],
      [63, 79, "Timer.time_it"],
      [81, 87, "Timer.make_time_str"],
      [89, 107, "Timer.make_time_str"],
      [108, 111, "Timer.to_string"],
      [113, 118, "Timer.operator/"],
      [120, 129, "AutoTimer"],
      [131, 134, "operator<<"],
    ]);
    expect(describeSymbols(result.symbols)).toEqual([
      "CLI module 22 exported",
      "Timer class 25 exported",
      "Timer.Simple method 50 exported",
      "Timer.Big method 53 exported",
      "Timer.Timer method 60 exported",
      "Timer.time_it method 64 exported",
      "Timer.make_time_str method 82 exported",
      "Timer.to_string method 111 exported",
      "Timer.operator/ method 114 exported",
      "AutoTimer class 121 exported",
      "AutoTimer.AutoTimer method 124 exported",
      "AutoTimer.~AutoTimer method 128 exported",
      "operator<< function 134 exported",
    ]);
    expect(result.imports).toEqual([
      "array",
      "chrono",
      "functional",
      "iostream",
      "string",
      "utility",
    ]);
  });

  it("takes method prototypes in a class and `Class::method` definitions outside it", async () => {
    const declared = await analyzeFixture("cpp/FormatterFwd.hpp", "cpp");
    expect(describeSymbols(declared.result.symbols)).toEqual(
      expect.arrayContaining([
        "FormatterBase class 39 exported",
        "FormatterBase.make_help method 64 exported",
        "Formatter.make_group method 127 exported",
        "Formatter.make_option_usage method 178 exported",
      ]),
    );
    const defined = await analyzeFixture("cpp/Formatter.hpp", "cpp");
    expect(describeSymbols(defined.result.symbols).slice(0, 3)).toEqual([
      "CLI module 18 exported",
      // `inline std::string\nFormatter::make_group(…)`: reported where its name is.
      "Formatter.make_group method 22 exported",
      "Formatter.make_positionals method 33 exported",
    ]);
    const usage = chunkNamed(defined.result.chunks, "Formatter.make_usage");
    expect(usage).toMatchObject({ startLine: 93, endLine: 133 });
    expect(defined.result.imports).toEqual([
      "algorithm",
      "string",
      "vector",
      "App.hpp",
      "FormatterFwd.hpp",
    ]);
  });

  it("still finds the classes after a namespace opened by a macro it cannot expand", async () => {
    // nlohmann/json opens its namespace with NLOHMANN_JSON_NAMESPACE_BEGIN: the grammar sees a
    // broken function there. What follows it parses again.
    const { result } = await analyzeFixture("cpp/exceptions.hpp", "cpp", { overlapping: true });
    expect(describeSymbols(result.symbols)).toEqual(
      expect.arrayContaining([
        "parse_error class 134 exported",
        "parse_error.create method 147 exported",
        "parse_error.position_string method 178",
        "other_error class 239 exported",
      ]),
    );
    expect(chunkNamed(result.chunks, "parse_error")).toMatchObject({
      startLine: 132,
      endLine: 183,
    });
  });
});
