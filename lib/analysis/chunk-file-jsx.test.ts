import { describe, expect, it } from "vitest";
import { analyzeFile } from "./chunk-file";
import { expectExactChunks, lineOf } from "./chunk-test-support";
import { outlineSource } from "./outline-source";

const COMPONENT = `"use client";

import { useEffect, useMemo, useState } from "react";
import type { Run } from "@/lib/protocol/runs";
import styles from "./run-list.module.css";

interface RunListProps {
  runs: Run[];
  onCancel: (id: string) => void;
  /** Only runs in these states are shown. */
  filter?: Run["status"][];
}

// Newest first, then by id so equal timestamps keep a stable order.
function sortRuns(runs: Run[]): Run[] {
  return [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

export function RunList({ runs, onCancel, filter }: RunListProps) {
  const [selected, setSelected] = useState<string | null>(null);
  const visible = useMemo(
    () => sortRuns(runs).filter((run) => !filter || filter.includes(run.status)),
    [runs, filter],
  );

  useEffect(() => {
    if (selected && !visible.some((run) => run.id === selected)) {
      setSelected(null);
    }
  }, [selected, visible]);

  if (visible.length === 0) {
    return <p className={styles.empty}>No runs yet.</p>;
  }

  return (
    <ul className={styles.list}>
      {visible.map((run) => (
        <li key={run.id} aria-selected={run.id === selected}>
          <button type="button" onClick={() => setSelected(run.id)}>
            {run.kind} · {run.status}
          </button>
          {run.status === "in_progress" && (
            <button type="button" onClick={() => onCancel(run.id)}>
              Cancel
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export const RunBadge = ({ run }: { run: Run }) => (
  <span className={styles.badge} data-status={run.status}>
    {run.status.replace("_", " ")}
  </span>
);

export default function RunsPage({ runs }: { runs: Run[] }) {
  const cancel = (id: string) => {
    void fetch("/api/runs/" + id + "/cancel", { method: "POST" });
  };
  return (
    <main>
      <h1>Runs</h1>
      <RunList runs={runs} onCancel={cancel} />
    </main>
  );
}
`;

const LEGACY = `#!/usr/bin/env node
"use strict";

const fs = require("node:fs");
const { EventEmitter } = require("node:events");
const config = require("./config.json");

/**
 * Watches a directory and emits "change" with the file name, debounced.
 */
class Watcher extends EventEmitter {
  #timers = new Map();
  static defaultDelay = 100;

  constructor(directory, delay = Watcher.defaultDelay) {
    super();
    this.directory = directory;
    this.delay = delay;
  }

  start() {
    this.handle = fs.watch(this.directory, (event, file) => this.#schedule(file));
    return this;
  }

  #schedule(file) {
    clearTimeout(this.#timers.get(file));
    this.#timers.set(
      file,
      setTimeout(() => {
        this.#timers.delete(file);
        this.emit("change", file);
      }, this.delay),
    );
  }

  get pending() {
    return this.#timers.size;
  }

  *files() {
    yield* this.#timers.keys();
  }

  stop() {
    this.handle?.close();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

function loadPlugins(names) {
  return names.map((name) => require(name));
}

async function main() {
  const watcher = new Watcher(process.argv[2] ?? ".");
  const plugins = loadPlugins(config.plugins ?? []);
  watcher.on("change", (file) => {
    for (const plugin of plugins) plugin.onChange(file);
  });
  watcher.start();
  const { default: chalk } = await import("chalk");
  console.log(chalk.green("watching"), watcher.directory);
}

exports.Watcher = Watcher;
exports.loadPlugins = loadPlugins;
module.exports.version = "1.2.0";

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
`;

describe("analyzeFile on TSX", () => {
  it("chunks components along their declarations", async () => {
    const result = await analyzeFile({
      path: "components/run-list.tsx",
      language: "tsx",
      content: COMPONENT,
    });
    expect(result.strategy).toBe("syntax");
    expectExactChunks(COMPONENT, result.chunks);
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // The directive and imports are glue; they merge with the small interface.
      [1, 12, "RunListProps"],
      // A three-line function with its comment is four lines: it is not merged.
      [14, 17, "sortRuns"],
      [19, 52, "RunList"],
      [54, 58, "RunBadge"],
      [60, 70, "RunsPage"],
    ]);
    // The component's JSX is parsed, not mistaken for comparisons: it ends at its own brace.
    expect(COMPONENT.split("\n")[51]).toBe("}");
  });

  it("keeps a comment directly above a function with it", async () => {
    const outline = await outlineSource("tsx", COMPONENT);
    const sortRuns = outline?.declarations.find((declaration) => declaration.name === "sortRuns");
    expect(sortRuns?.range).toEqual({ start: lineOf(COMPONENT, "// Newest first"), end: 17 });
  });

  it("reports components as exported functions and imports as written", async () => {
    const result = await analyzeFile({ path: "run-list.tsx", language: "tsx", content: COMPONENT });
    expect(result.symbols).toEqual([
      { name: "RunListProps", kind: "interface", line: 7, exported: false },
      { name: "sortRuns", kind: "function", line: 15, exported: false },
      { name: "RunList", kind: "function", line: 19, exported: true },
      { name: "RunBadge", kind: "function", line: 54, exported: true },
      { name: "RunsPage", kind: "function", line: 60, exported: true },
    ]);
    expect(result.imports).toEqual(["react", "@/lib/protocol/runs", "./run-list.module.css"]);
  });
});

describe("analyzeFile on JavaScript", () => {
  it("chunks a CommonJS script with a class", async () => {
    const result = await analyzeFile({
      path: "bin/watch.js",
      language: "javascript",
      content: LEGACY,
    });
    expectExactChunks(LEGACY, result.chunks);
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      [1, 6, "fs, config"],
      [8, 50, "Watcher"],
      // A three-line helper between two standalone declarations is not absorbed by either.
      [52, 54, "loadPlugins"],
      [56, 65, "main"],
      // The CommonJS exports, `version` and the entry-point block: a constant and glue.
      [67, 76, "version"],
    ]);
  });

  it("understands CommonJS exports, private members and require", async () => {
    const result = await analyzeFile({
      path: "bin/watch.js",
      language: "javascript",
      content: LEGACY,
    });
    const exported = result.symbols
      .filter((symbol) => symbol.exported)
      .map((symbol) => symbol.name);
    expect(exported).toEqual([
      "Watcher",
      "Watcher.constructor",
      "Watcher.start",
      "Watcher.pending",
      "Watcher.files",
      "Watcher.stop",
      "loadPlugins",
      "version",
    ]);
    expect(result.symbols.find((symbol) => symbol.name === "Watcher.#schedule")).toEqual({
      name: "Watcher.#schedule",
      kind: "method",
      line: 26,
      exported: false,
    });
    expect(result.symbols.find((symbol) => symbol.name === "main")?.exported).toBe(false);
    // `require(name)` with a variable names no module; `import("chalk")` does.
    expect(result.imports).toEqual(["node:fs", "node:events", "./config.json", "chalk"]);
  });
});
