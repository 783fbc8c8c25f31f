import { describe, expect, it } from "vitest";
import { analyzeFile } from "./chunk-file";
import { expectExactChunks } from "./chunk-test-support";

const GO_HEADER = `package store

import (
	"context"
	"database/sql"
	log "github.com/sirupsen/logrus"
)

import "errors"

// ErrNotFound is returned when no row matches.
var ErrNotFound = errors.New("not found")

type Store struct {
	db *sql.DB
}

type Reader interface {
	Get(ctx context.Context, id string) (string, error)
}

func New(db *sql.DB) *Store {
	return &Store{db: db}
}

func (s *Store) Get(ctx context.Context, id string) (string, error) {
	var value string
	err := s.db.QueryRowContext(ctx, "select value from kv where id = $1", id).Scan(&value)
	if err == sql.ErrNoRows {
		return "", ErrNotFound
	}
	return value, err
}

func helper() {
	log.Info("helper")
}
`;

/** A realistic-length Go file: the header plus a run of small generated accessors. */
const GO = `${GO_HEADER}${Array.from(
  { length: 40 },
  (_, i) => `\nfunc (s *Store) Field${i}() string {\n\treturn "field-${i}"\n}\n`,
).join("")}`;

describe("analyzeFile without a grammar", () => {
  it("covers a Go file with overlapping line windows", async () => {
    const result = await analyzeFile({ path: "store/store.go", language: "go", content: GO });
    expect(result.strategy).toBe("lines");
    expectExactChunks(GO, result.chunks, { overlapping: true });
    const lineCount = GO.split("\n").length - 1;
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine])).toEqual([
      [1, 80],
      [66, 145],
      [131, lineCount],
    ]);
    expect(lineCount).toBe(197);
    // Windows are labelled with the (first five) symbols declared inside them.
    expect(result.chunks[0].symbol).toBe("Store, Reader, New, Get, helper, …");
    expect(result.chunks[2].symbol).toBe("Field23, Field24, Field25, Field26, Field27, …");
  });

  it("extracts Go symbols and imports by pattern", async () => {
    const result = await analyzeFile({
      path: "store/store.go",
      language: "go",
      content: GO_HEADER,
    });
    expect(result.symbols.slice(0, 5)).toEqual([
      { name: "Store", kind: "class", line: 14, exported: true },
      { name: "Reader", kind: "interface", line: 18, exported: true },
      { name: "New", kind: "function", line: 22, exported: true },
      { name: "Get", kind: "method", line: 26, exported: true },
      { name: "helper", kind: "function", line: 35, exported: false },
    ]);
    expect(result.imports).toEqual([
      "context",
      "database/sql",
      "github.com/sirupsen/logrus",
      "errors",
    ]);
  });

  it("extracts Rust items and use paths", async () => {
    const content = [
      "use std::collections::HashMap;",
      "use crate::config::{Config, Mode};",
      "",
      "pub struct Cache {",
      "    entries: HashMap<String, String>,",
      "}",
      "",
      "impl Cache {",
      "    pub fn get(&self, key: &str) -> Option<&String> {",
      "        self.entries.get(key)",
      "    }",
      "",
      "    fn evict(&mut self) {}",
      "}",
      "",
      "pub(crate) enum Mode { Fast, Safe }",
    ].join("\n");
    const result = await analyzeFile({ path: "src/cache.rs", language: "rust", content });
    expect(result.symbols).toEqual([
      { name: "Cache", kind: "class", line: 4, exported: true },
      { name: "get", kind: "function", line: 9, exported: true },
      { name: "evict", kind: "function", line: 13, exported: false },
      { name: "Mode", kind: "enum", line: 16, exported: true },
    ]);
    expect(result.imports).toEqual(["std::collections::HashMap", "crate::config"]);
    expect(result.chunks).toHaveLength(1);
    expect(result.chunks[0]).toMatchObject({ startLine: 1, endLine: 16, text: content });
  });

  it.each([
    [
      "java",
      "import java.util.List;\nimport static org.junit.Assert.assertEquals;\n\n@Service\npublic final class OrderService {\n  private record Line(String sku) {}\n}",
      ["OrderService:class:5:true", "Line:class:6:false"],
      ["java.util.List", "org.junit.Assert.assertEquals"],
    ],
    [
      "ruby",
      "require 'json'\nrequire_relative \"lib/parser\"\n\nmodule Billing\n  class Invoice\n    def self.build(lines)\n    end\n  end\nend",
      ["Billing:module:4:true", "Invoice:class:5:true", "build:function:6:true"],
      ["json", "lib/parser"],
    ],
    [
      "php",
      "<?php\nuse App\\Models\\User;\nrequire_once 'config.php';\n\nfinal class UserController {\n  private function load(int $id) {}\n}",
      ["UserController:class:5:true", "load:function:6:false"],
      ["App\\Models\\User", "config.php"],
    ],
    [
      "c",
      '#include <stdio.h>\n#include "list.h"\n\nint main(void) { return 0; }',
      [],
      ["stdio.h", "list.h"],
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
