// @ts-expect-error: a plain .mjs script shared with `npm start`
import { ensureBuild } from "../../scripts/ensure-build.mjs";
import { startRunDirectory } from "./temporary-directory";

/** The build the servers run, and one temporary directory for the run, removed at its end. */
export default function setup(): () => void {
  ensureBuild();
  const run = startRunDirectory();
  return () => run.remove();
}
