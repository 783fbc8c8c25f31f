import { ConfigError, loadConfig } from "./lib/config/env";
import { startServer } from "./lib/server/start-server";

/** Composition root: configuration, the run kinds this deployment executes, and shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dev = config.NODE_ENV !== "production";
  const running = await startServer({ config, kinds: [], dev });
  console.log(`Cartograph ${dev ? "(development) " : ""}listening on ${running.url}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: shutting down`);
    const forced = setTimeout(() => {
      console.error("Shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, 10_000);
    forced.unref();
    running.close().then(
      () => process.exit(0),
      (error) => {
        console.error("Shutdown failed:", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
