// Compiles the server's worker threads (the parser and search threads) and the server itself
// to plain JavaScript under .next/threads/, one bundle each (packages stay imports), with a
// manifest of the sources each was built from. A thread started from its bundle needs no TypeScript loader:
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
/**
 * The server's entries: `npm start` (and the tests' server) start from these when every
 * bundle of the build is current (lib/threads/bundles.mjs), without tsx: its loader thread
 * and esbuild process were ~40 MB of an idle server.
 */
export const SERVER_ENTRIES = {
  server: "server.ts",
  "test-server": "test/support/test-server.ts",
};

/**
 * `import.meta.url` in a bundled project file means that file's own URL, as it did when it
 * ran from its source: files found next to their module (a thread's .mjs entry, the
 * migrations) are found from the bundle too.
 */
function ownUrlPlugin(outdir) {
  return {
    name: "own-import-meta-url",
    setup(build) {
      build.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const contents = readFileSync(args.path, "utf8");
        if (!contents.includes("import.meta.url")) return undefined;
        const relative = path.relative(outdir, args.path).split(path.sep).join("/");
        return {
          contents: contents.replaceAll(
            "import.meta.url",
            `new URL(${JSON.stringify(relative)}, import.meta.url).href`,
          ),
          loader: args.path.endsWith("ts") ? "ts" : "js",
        };
      });
    },
  };
}

/** Compiles every thread into `outdir` (inside the project, so their packages resolve). */
export async function buildThreads(outdir = path.join(root, ".next", "threads")) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const manifest = {};
  for (const [name, entry] of Object.entries({ ...THREAD_ENTRIES, ...SERVER_ENTRIES })) {
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
      plugins: [ownUrlPlugin(outdir)],
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
