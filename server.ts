import { ConfigError, loadConfig } from "./lib/config/env";
import { logger } from "./lib/log";
import { featureKinds } from "./lib/server/feature-kinds";
import { exitOnSignals } from "./lib/server/shutdown";
import { startServer } from "./lib/server/start-server";

/** Composition root: configuration, the run kinds this deployment executes, and shutdown. */
const log = logger("server");

async function main(): Promise<void> {
  const config = loadConfig();
  const dev = config.NODE_ENV !== "production";
  const running = await startServer({ config, kinds: featureKinds, dev });
  log.info(`Cartograph ${dev ? "(development) " : ""}listening on ${running.url}`);
  exitOnSignals(running.close);
}

main().catch((error) => {
  if (error instanceof ConfigError) log.error(error.message);
  else log.error("start-up failed", { error });
  process.exit(1);
});
