// `npm run mcp`: Cartograph's MCP tools over stdio for a local agent. Only protocol goes to
// stdout; every log line goes to stderr.
//
// With CARTOGRAPH_URL (and CARTOGRAPH_TOKEN when the server asks for one) it relays to that
// running server's /mcp. Without it, it opens the services itself (DATA_DIR or DATABASE_URL,
// providers from the environment and Settings) and serves them as the local user.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { LOCAL_USER_ID } from "../lib/auth/guard";
import { ConfigError, loadConfig } from "../lib/config/env";
import { configureLogger, logger, setLogWriter } from "../lib/log";
import { createMcpServer } from "../lib/mcp/server";
import { relayToServer } from "../lib/mcp/stdio-proxy";
import { featureKinds } from "../lib/server/feature-kinds";
import { openServices } from "../lib/server/open-services";

setLogWriter((_level, line) => process.stderr.write(`${line}\n`));
// A dependency's stray console output must not corrupt the protocol on stdout.
console.log = console.error;
console.info = console.error;
console.debug = console.error;
const log = logger("mcp-stdio");

async function relay(url: string): Promise<void> {
  // The server's base URL (a path prefix behind a proxy is kept) or its /mcp itself.
  const base = new URL(url);
  const prefix = base.pathname.replace(/\/+$/, "");
  const target = new URL(prefix.endsWith("/mcp") ? prefix : `${prefix}/mcp`, base);
  const token = process.env.CARTOGRAPH_TOKEN || undefined;
  configureLogger({ secrets: [token] });
  const { closed } = await relayToServer(new StdioServerTransport(), { url: target, token });
  log.info(`relaying MCP to ${target.href}`);
  await closed;
  process.exit(0);
}

async function serveDirectly(): Promise<void> {
  const config = loadConfig();
  if (config.AUTH_MODE === "accounts") {
    throw new ConfigError(
      "AUTH_MODE=accounts: set CARTOGRAPH_URL and CARTOGRAPH_TOKEN to use the running server as your user",
    );
  }
  const opened = await openServices({
    config,
    kinds: featureKinds,
    dev: false,
    port: () => config.PORT,
  });
  await opened.startWorker();
  const server = createMcpServer(opened.services, { userId: LOCAL_USER_ID, key: "stdio" });
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => {});
    await opened.close();
    process.exit(0);
  };
  transport.onclose = () => void shutdown();
  process.stdin.once("end", () => void shutdown());
  process.once("SIGTERM", () => void shutdown());
  process.once("SIGINT", () => void shutdown());
  await server.connect(transport);
  log.info("serving MCP over stdio as the local user");
}

const url = process.env.CARTOGRAPH_URL;
(url ? relay(url) : serveDirectly()).catch((error) => {
  if (error instanceof ConfigError) log.error(error.message);
  else log.error("mcp failed to start", { error });
  process.exit(1);
});
