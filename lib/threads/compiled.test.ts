import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
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
