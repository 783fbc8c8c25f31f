// The real server composition with the test run kinds added; integration and browser
// tests spawn it as a process, so kill -9 and restarts behave as in production.
import { loadConfig } from "../../lib/config/env";
import { featureKinds } from "../../lib/server/feature-kinds";
import { exitOnSignals } from "../../lib/server/shutdown";
import { startServer } from "../../lib/server/start-server";
import { startCpuProfile } from "./cpu-profile";
import { testKinds } from "./test-kinds";

const stopProfile = await startCpuProfile();

const config = loadConfig({ ...process.env, NODE_ENV: "production" });
const running = await startServer({
  config,
  kinds: (services) => [...featureKinds(services), ...testKinds],
  dev: false,
});
console.log(`READY ${running.url}`);
exitOnSignals(async () => {
  await running.close();
  await stopProfile();
});

// A test server never outlives the process that started it: an orphan (its test runner
// killed) would otherwise hold its port and data directory, and write to closed pipes.
// (`process.ppid` is read once at start, so the parent is asked whether it is still there.)
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.kill(process.pid, "SIGTERM");
  }
}, 1_000).unref();
