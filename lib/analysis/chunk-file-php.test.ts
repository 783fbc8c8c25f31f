import { describe, expect, it } from "vitest";
import { analyzeFile } from "./chunk-file";
import { analyzeFixture, chunkNamed, describeSymbols, lineOf } from "./chunk-test-support";

describe("analyzeFile on PHP", () => {
  it("splits Monolog's StreamHandler into methods, docblocks kept above each", async () => {
    const { content, result } = await analyzeFixture("php/StreamHandler.php", "php");
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // The opening tag, file comment, namespace and `use` lines.
      [1, 15, "Monolog\\Handler"],
      // The class docblock, header, constants and properties.
      [17, 45, "StreamHandler"],
      [47, 83, "StreamHandler.__construct"],
      [85, 95, "StreamHandler.close"],
      [97, 105, "StreamHandler.getStream"],
      [107, 115, "StreamHandler.getUrl"],
      [117, 123, "StreamHandler.getStreamChunkSize"],
      [125, 167, "StreamHandler.write"],
      [169, 179, "StreamHandler.streamWrite"],
      [181, 186, "StreamHandler.customErrorHandler"],
      [188, 200, "StreamHandler.getDirFromStream"],
      [202, 221, "StreamHandler.createDir"],
    ]);
    const write = chunkNamed(result.chunks, "StreamHandler.write");
    expect(write.startLine).toBe(lineOf(content, "protected function write(array $record)") - 3);
    expect(write.text.split("\n", 4).map((line) => line.trim())).toEqual([
      "/**",
      "* {@inheritDoc}",
      "*/",
      "protected function write(array $record): void",
    ]);
    expect(result.imports).toEqual(["Monolog\\Logger", "Monolog\\Utils"]);
  });

  it("exports public methods only", async () => {
    const { result } = await analyzeFixture("php/StreamHandler.php", "php");
    expect(describeSymbols(result.symbols)).toEqual([
      "Monolog\\Handler module 12 exported",
      "StreamHandler class 26 exported",
      "StreamHandler.__construct method 54 exported",
      "StreamHandler.close method 88 exported",
      "StreamHandler.getStream method 102 exported",
      "StreamHandler.getUrl method 112 exported",
      "StreamHandler.getStreamChunkSize method 120 exported",
      "StreamHandler.write method 128",
      "StreamHandler.streamWrite method 176",
      "StreamHandler.customErrorHandler method 181",
      "StreamHandler.getDirFromStream method 188",
      "StreamHandler.createDir method 202",
    ]);
  });

  it("reads a final class of static helpers and a trait", async () => {
    const utils = await analyzeFixture("php/Utils.php", "php");
    expect(describeSymbols(utils.result.symbols)).toEqual(
      expect.arrayContaining([
        "Utils class 14 exported",
        "Utils.jsonEncode method 79 exported",
        "Utils.throwEncodeError method 171",
      ]),
    );
    const trait = await analyzeFixture("php/LoggerTrait.php", "php");
    expect(describeSymbols(trait.result.symbols).slice(0, 3)).toEqual([
      "Psr\\Log module 3 exported",
      "LoggerTrait interface 13 exported",
      "LoggerTrait.emergency method 23 exported",
    ]);
    // Every log level is a method with its docblock: a chunk each.
    expect(trait.result.chunks).toHaveLength(11);
  });

  it("collects use clauses, grouped ones, and literal include paths", async () => {
    const content = [
      "<?php",
      "namespace App\\Http;",
      "",
      "use Psr\\Log\\LoggerInterface, Monolog\\Logger as Log;",
      "use Symfony\\Component\\{Console, Process};",
      "require_once 'bootstrap.php';",
      "include __DIR__ . '/routes.php';",
      "",
      "function handle(): void {}",
    ].join("\n");
    const { imports } = await analyzeFile({
      path: "app/Http/kernel.php",
      language: "php",
      content,
    });
    expect(imports).toEqual([
      "Psr\\Log\\LoggerInterface",
      "Monolog\\Logger",
      "Symfony\\Component\\Console",
      "Symfony\\Component\\Process",
      "bootstrap.php",
    ]);
  });
});
