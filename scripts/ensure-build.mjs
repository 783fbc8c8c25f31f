// Builds the Next.js app when there is no build or a source file is newer than it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { currentServerBundle } from "../lib/threads/bundles.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sources = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.mjs",
  "instrumentation-client.ts",
  "postcss.config.mjs",
  "package.json",
  "tsconfig.json",
];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry))
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function buildIsCurrent() {
  const marker = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(marker)) return false;
  const built = statSync(marker).mtimeMs;
  return sources.every((source) => newestMtime(path.join(root, source)) <= built);
}

/**
 * Compiles the worker threads and the server (scripts/build-threads.mjs) when a bundle is
 * missing or was built from sources that changed since (half a second).
 */
function ensureThreads(force = false) {
  const where = { root, dir: path.join(root, ".next", "threads") };
  if (!force && currentServerBundle("server", where) && currentServerBundle("test-server", where))
    return;
  const result = spawnSync(process.execPath, [path.join(root, "scripts/build-threads.mjs")], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stdout.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error("compiling the worker threads failed");
  }
}

export function ensureBuild() {
  // Another build of the same folder (a parallel test run) holds Next's lock: wait for it.
  for (let attempt = 0; attempt < 120; attempt++) {
    if (buildIsCurrent()) return ensureThreads();
    if (attempt === 0) console.log("Building the app (no current build found)…");
    const result = spawnSync(
      process.execPath,
      [path.join(root, "node_modules/next/dist/bin/next"), "build"],
      {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      },
    );
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
    if (result.status === 0) {
      process.stdout.write(output);
      return ensureThreads(true);
    }
    if (!output.includes("Another next build process is already running")) {
      process.stdout.write(output);
      throw new Error("next build failed");
    }
    spawnSync("sleep", ["5"]);
  }
  throw new Error("next build: another build kept the lock for 10 minutes");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    ensureBuild();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
