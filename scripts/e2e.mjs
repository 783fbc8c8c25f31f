// `npm run test:e2e`: the Playwright suite against the system Chromium; arguments pass through.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumHint, findChromium } from "./chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

if (!findChromium()) {
  console.error(chromiumHint);
  process.exit(1);
}
const result = spawnSync(
  path.join(root, "node_modules", ".bin", "playwright"),
  ["test", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);
if (result.error) console.error(result.error.message);
process.exit(result.status ?? 1);
