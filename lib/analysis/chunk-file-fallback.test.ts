import { describe, expect, it } from "vitest";
import { analyzeFile } from "./chunk-file";
import { expectExactChunks } from "./chunk-test-support";

const SWIFT_HEADER = `import Foundation
import Combine

/// Errors the store reports.
enum StoreError: Error {
    case notFound
}

protocol Reader {
    func get(_ id: String) throws -> String
}

struct Store {
    let db: Database
}

func makeStore(db: Database) -> Store {
    return Store(db: db)
}

extension Store: Reader {
    func get(_ id: String) throws -> String {
        guard let value = db.value(for: id) else {
            throw StoreError.notFound
        }
        return value
    }
}

private func helper() {
    print("helper")
}
`;

/** A realistic-length Swift file: the header plus a run of small generated accessors. */
const SWIFT = `${SWIFT_HEADER}${Array.from(
  { length: 40 },
  (_, i) => `\nfunc field${i}() -> String {\n    return "field-${i}"\n}\n`,
).join("")}`;

describe("analyzeFile without a grammar", () => {
  it("covers a Swift file with overlapping line windows", async () => {
    const result = await analyzeFile({ path: "Store.swift", language: "swift", content: SWIFT });
    expect(result.strategy).toBe("lines");
    expectExactChunks(SWIFT, result.chunks, { overlapping: true });
    const lineCount = SWIFT.split("\n").length - 1;
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine])).toEqual([
      [1, 80],
      [66, 145],
      [131, lineCount],
    ]);
    expect(lineCount).toBe(192);
    // Windows are labelled with the (first five) distinct symbols declared inside them.
    expect(result.chunks[0].symbol).toBe("StoreError, Reader, get, Store, makeStore, …");
    expect(result.chunks[2].symbol).toBe("field25, field26, field27, field28, field29, …");
  });

  it("extracts Swift symbols and imports by pattern", async () => {
    const result = await analyzeFile({
      path: "Store.swift",
      language: "swift",
      content: SWIFT_HEADER,
    });
    expect(result.symbols).toEqual([
      { name: "StoreError", kind: "enum", line: 5, exported: true },
      { name: "Reader", kind: "interface", line: 9, exported: true },
      { name: "get", kind: "function", line: 10, exported: true },
      { name: "Store", kind: "class", line: 13, exported: true },
      { name: "makeStore", kind: "function", line: 17, exported: true },
      { name: "Store", kind: "class", line: 21, exported: true },
      { name: "get", kind: "function", line: 22, exported: true },
      { name: "helper", kind: "function", line: 30, exported: false },
    ]);
    expect(result.imports).toEqual(["Foundation", "Combine"]);
  });

  it.each([
    [
      "scala",
      "import scala.concurrent.Future\nimport akka.actor._\n\nsealed trait Shape\ncase class Circle(r: Double) extends Shape\nobject Geometry {\n  private def area(s: Shape): Double = 0\n}",
      [
        "Shape:interface:4:true",
        "Circle:class:5:true",
        "Geometry:class:6:true",
        "area:function:7:false",
      ],
      ["scala.concurrent.Future", "akka.actor._"],
    ],
    [
      "shell",
      '#!/bin/sh\nsource ./lib/common.sh\n. "$HOME/.profile"\n\ndeploy() {\n  echo deploying\n}\nfunction rollback {\n  echo no\n}',
      ["deploy:function:5:true"],
      ["./lib/common.sh", "$HOME/.profile"],
    ],
  ])("extracts %s symbols and imports by pattern", async (language, content, symbols, imports) => {
    const result = await analyzeFile({ path: `x.${language}`, language, content });
    expect(result.symbols.map((s) => `${s.name}:${s.kind}:${s.line}:${s.exported}`)).toEqual(
      symbols,
    );
    expect(result.imports).toEqual(imports);
  });

  it("returns nothing for empty or blank files", async () => {
    for (const content of ["", "\n\n", "   \n\t\n"]) {
      const result = await analyzeFile({ path: "empty.ts", language: "typescript", content });
      expect(result).toMatchObject({ chunks: [], symbols: [], imports: [] });
    }
  });

  it("still covers every line of a file with syntax errors", async () => {
    const content = [
      'import { a } from "./a";',
      "",
      "export function broken(x: number {",
      "  return x +;",
      "}",
      "",
      "class Fine {",
      "  ok() { return 1; }",
      "}",
      "",
      "}}} ))) @@@",
    ].join("\n");
    const result = await analyzeFile({ path: "broken.ts", language: "typescript", content });
    expectExactChunks(content, result.chunks);
    expect(result.imports).toEqual(["./a"]);
  });

  it("keeps CRLF line endings inside chunk text", async () => {
    const content = "def a():\r\n    return 1\r\n\r\n\r\ndef b():\r\n    return 2\r\n";
    const result = await analyzeFile({ path: "crlf.py", language: "python", content });
    expectExactChunks(content, result.chunks);
    expect(result.chunks).toEqual([
      {
        path: "crlf.py",
        startLine: 1,
        endLine: 6,
        symbol: "a, b",
        language: "python",
        text: "def a():\r\n    return 1\r\n\r\n\r\ndef b():\r\n    return 2\r",
      },
    ]);
    expect(result.symbols.map((symbol) => symbol.name)).toEqual(["a", "b"]);
  });

  it("windows languages it knows nothing about", async () => {
    const content = Array.from({ length: 100 }, (_, i) => `key${i}: value${i}`).join("\n");
    const result = await analyzeFile({ path: "config.yaml", language: "yaml", content });
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine])).toEqual([
      [1, 80],
      [66, 100],
    ]);
    expect(result.chunks[1].text.split("\n")[0]).toBe("key65: value65");
  });
});
