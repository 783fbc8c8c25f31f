// @ts-expect-error: plain .mjs shared with `npm start`
import { ensureBuild } from "../scripts/ensure-build.mjs";
import { startServerProcess } from "../test/support/server-process";

/** One server for the browser suite, on a random port with a fresh data directory. */
export default async function globalSetup() {
  ensureBuild();
  const server = await startServerProcess();
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_DATA_DIR = server.dataDir;
  return async () => {
    await server.stop();
  };
}
