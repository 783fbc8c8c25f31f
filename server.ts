import { ConfigError, loadConfig } from "./lib/config/env";
import { featureKinds } from "./lib/server/feature-kinds";
import { exitOnSignals } from "./lib/server/shutdown";
import { startServer } from "./lib/server/start-server";

/** Composition root: configuration, the run kinds this deployment executes, and shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dev = config.NODE_ENV !== "production";
  const running = await startServer({ config, kinds: featureKinds, dev });
  console.log(`Cartograph ${dev ? "(development) " : ""}listening on ${running.url}`);
  exitOnSignals(running.close);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
