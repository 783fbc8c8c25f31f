// Compiles the server's worker threads (the parser and search threads) to plain JavaScript
// under .next/threads/, one bundle each (packages stay imports), with a manifest of the
// sources each was built from. A thread started from its bundle needs no TypeScript loader:
// under tsx every thread runs its own loader thread (another V8 isolate) and esbuild process,
// ~30 MB each. lib/threads/compiled.ts uses a bundle only while its sources are unchanged.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const THREAD_ENTRIES = {
  "parser-thread": "lib/repos/parser-thread-entry.ts",
  "search-thread": "lib/search/search-worker.ts",
};

/** Compiles every thread into `outdir` (inside the project, so their packages resolve). */
export async function buildThreads(outdir = path.join(root, ".next", "threads")) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const manifest = {};
  for (const [name, entry] of Object.entries(THREAD_ENTRIES)) {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: path.join(outdir, `${name}.mjs`),
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node20",
      metafile: true,
      logLevel: "warning",
    });
    const inputs = {};
    for (const input of Object.keys(result.metafile.inputs))
      inputs[input] = createHash("sha256")
        .update(readFileSync(path.join(root, input)))
        .digest("hex");
    manifest[name] = { file: `${name}.mjs`, inputs };
  }
  writeFileSync(path.join(outdir, "manifest.json"), JSON.stringify(manifest));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildThreads();
}
