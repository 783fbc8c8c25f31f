// @ts-expect-error: a plain .mjs script shared with `npm start`
import { ensureBuild } from "../../scripts/ensure-build.mjs";

export default function setup(): void {
  ensureBuild();
}
