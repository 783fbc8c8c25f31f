import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { parseFile } from "../repos/parse-file";
import type { ParserReply } from "../repos/parser-thread";
import { currentServerBundle } from "./bundles.mjs";
import { currentBundle } from "./compiled";

const roots: string[] = [];
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project with one source and a bundle built from it. */
function project() {
  const root = mkdtempSync(path.join(tmpdir(), "cartograph-threads-"));
  roots.push(root);
  const dir = path.join(root, "out");
  mkdirSync(path.join(root, "lib"));
  mkdirSync(dir);
  const source = "export const x = 1;\n";
  writeFileSync(path.join(root, "lib/a.ts"), source);
  writeFileSync(path.join(dir, "a-thread.mjs"), "export const x = 1;\n");
  const hash = createHash("sha256").update(source).digest("hex");
  writeFileSync(
    path.join(dir, "manifest.json"),
    JSON.stringify({ "a-thread": { file: "a-thread.mjs", inputs: { "lib/a.ts": hash } } }),
  );
  return { root, dir };
}

describe("currentBundle", () => {
  it("gives the bundle while its sources are as they were built", () => {
    const where = project();
    expect(currentBundle("a-thread", where)?.href).toBe(
      pathToFileURL(path.join(where.dir, "a-thread.mjs")).href,
    );
  });

  it("gives none when a source changed, is gone, or nothing was built", () => {
    const changed = project();
    writeFileSync(path.join(changed.root, "lib/a.ts"), "export const x = 2;\n");
    expect(currentBundle("a-thread", changed)).toBeNull();
    const gone = project();
    rmSync(path.join(gone.root, "lib/a.ts"));
    expect(currentBundle("a-thread", gone)).toBeNull();
    const unbuilt = project();
    rmSync(path.join(unbuilt.dir, "a-thread.mjs"));
    expect(currentBundle("a-thread", unbuilt)).toBeNull();
    expect(currentBundle("other-thread", project())).toBeNull();
  });
});

describe("currentServerBundle", () => {
  it("gives the server's bundle only while every bundle of the build is current", () => {
    const where = project();
    const serverSource = "export const serve = true;\n";
    writeFileSync(path.join(where.root, "lib/server.ts"), serverSource);
    writeFileSync(path.join(where.dir, "server.mjs"), serverSource);
    const manifestPath = path.join(where.dir, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    manifest.server = {
      file: "server.mjs",
      inputs: { "lib/server.ts": createHash("sha256").update(serverSource).digest("hex") },
    };
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(currentServerBundle("server", where)?.href).toBe(
      pathToFileURL(path.join(where.dir, "server.mjs")).href,
    );
    // A thread's source changed: the server would start that thread from TypeScript,
    // which it cannot without tsx, so the server is not started from its bundle either.
    writeFileSync(path.join(where.root, "lib/a.ts"), "export const x = 2;\n");
    expect(currentBundle("server", where)).not.toBeNull();
    expect(currentServerBundle("server", where)).toBeNull();
  });
});

describe("the compiled parser thread", () => {
  it("parses exactly as the TypeScript it is built from", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const outdir = path.join(root, ".next", `threads-test-${process.pid}`);
    roots.push(outdir);
    // @ts-expect-error: plain .mjs shared with `npm run build`
    const { buildThreads } = await import("../../scripts/build-threads.mjs");
    await buildThreads(outdir);
    const entry = currentBundle("parser-thread", { root, dir: outdir });
    expect(entry).not.toBeNull();
    const worker = new Worker(entry as URL);
    try {
      const source = "def total(lines):\n    return len(lines)\n";
      const file = { id: 1, path: "src/total.py", bytes: Buffer.from(source) };
      const reply = await new Promise<ParserReply>((resolve, reject) => {
        worker.on("message", (message: ParserReply) => {
          if (message.type !== "ready") resolve(message);
        });
        worker.on("error", reject);
        worker.postMessage(file);
      });
      expect(reply).toEqual({ type: "parsed", id: 1, file: await parseFile(file) });
    } finally {
      await worker.terminate();
    }
  });
});
