import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config/env";

const LOCK_FILE = "cartograph.pid";

/**
 * Claims a data directory's embedded database for this process. PGlite has no lock of its
 * own, and two processes writing one directory corrupt it (a server and `npm run mcp`, say):
 * the second is refused with what to do instead. A claim left by a process that is gone is
 * taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => release(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
    }
    const holder = Number.parseInt(readText(file), 10);
    if (holder > 0 && holder !== process.pid && isRunning(holder)) {
      throw new ConfigError(
        `DATA_DIR ${dataDir} is in use by process ${holder}: its embedded database allows one process. ` +
          "Stop that process, use another DATA_DIR or a Postgres server (DATABASE_URL), or for MCP " +
          "relay to the running server (CARTOGRAPH_URL). If no such process is Cartograph, delete " +
          `${file}.`,
      );
    }
    // Left by a process that is gone (killed, or a container restarted under the same pid).
    release(file, true);
  }
}

function release(file: string, always = false): void {
  try {
    if (always || readText(file) === String(process.pid)) unlinkSync(file);
  } catch {
    // already gone
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
