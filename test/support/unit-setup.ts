import { startRunDirectory } from "./temporary-directory";

/**
 * The unit tests' run directory: the system's temporary directory for their workers too
 * (TMPDIR), so what they make with `mkdtemp` goes with the run instead of staying in /tmp.
 */
export default function setup(): () => void {
  const run = startRunDirectory();
  process.env.TMPDIR = run.directory;
  return () => run.remove();
}
