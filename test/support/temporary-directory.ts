import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Set by the test runs' global setup: one directory per run, holding every temporary
 * directory its tests make, removed with it when the run ends (a worker may be killed
 * without an exit event, so removal at its exit alone left hundreds per CI run).
 */
export const RUN_DIRECTORY_ENV = "CARTOGRAPH_TEST_RUN_DIR";

const made = new Set<string>();

/**
 * A new temporary directory: inside the run's directory when there is one, else under the
 * system's, removed when this process exits (the bench, a script). A caller may remove it
 * sooner.
 */
export function temporaryDirectory(prefix: string): string {
  const runDirectory = process.env[RUN_DIRECTORY_ENV];
  if (runDirectory) return mkdtempSync(path.join(runDirectory, prefix));
  if (made.size === 0) process.once("exit", removeAll);
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  made.add(directory);
  return directory;
}

/** For a run's global setup: its directory, and how to remove it with all it holds. */
export function startRunDirectory(): { directory: string; remove(): void } {
  const directory = mkdtempSync(path.join(tmpdir(), "cartograph-run-"));
  process.env[RUN_DIRECTORY_ENV] = directory;
  return {
    directory,
    remove() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function removeAll(): void {
  for (const directory of made) rmSync(directory, { recursive: true, force: true });
  made.clear();
}
