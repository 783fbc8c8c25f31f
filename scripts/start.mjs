// `npm start`: build when there is no current build, then serve production from server.ts
// (its compiled bundle).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { currentServerBundle } from "../lib/threads/bundles.mjs";
import { ensureBuild } from "./ensure-build.mjs";
import { mallocEnv } from "./server-env.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
try {
  ensureBuild();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
// The compiled server when the build's bundles are current (no TypeScript loader: ~40 MB
// less), else server.ts through tsx.
const bundle = currentServerBundle("server", { root, dir: path.join(root, ".next", "threads") });
const entry = bundle ? [fileURLToPath(bundle)] : ["--import", "tsx", path.join(root, "server.ts")];
const child = spawn(process.execPath, entry, {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, ...mallocEnv(), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
