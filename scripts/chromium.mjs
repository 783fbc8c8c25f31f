// Finds the Chromium the browser tests drive: CHROMIUM_PATH, then /usr/bin/chromium.
import { existsSync } from "node:fs";

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null;
}

export const chromiumHint =
  "No Chromium found: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to its binary.";
