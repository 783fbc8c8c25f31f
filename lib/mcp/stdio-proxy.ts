import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { logger } from "../log";

const log = logger("mcp");

/**
 * Relays MCP messages between a local agent (stdio) and a running server's `/mcp`, adding
 * the server's token to every request: the agent gets the server's tools, acting as the
 * token's user, and nothing opens the server's database a second time.
 */
export async function relayToServer(
  local: Transport,
  options: { url: URL; token?: string },
): Promise<{ closed: Promise<void> }> {
  const remote = new StreamableHTTPClientTransport(options.url, {
    requestInit: options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {},
  });
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const closeBoth = () => {
    void local.close().catch(() => {});
    void remote.close().catch(() => {});
    resolveClosed();
  };
  // The answer to `initialize` names the protocol version later requests must carry.
  const initializeIds = new Set<string | number>();
  local.onmessage = (message: JSONRPCMessage) => {
    if ("method" in message && message.method === "initialize" && "id" in message)
      initializeIds.add(message.id);
    remote.send(message).catch((error: unknown) => {
      log.warn("request to the server failed", { error });
      // A request the server could not take still gets an answer, so the agent does not wait.
      if ("id" in message && "method" in message) {
        void local.send({
          jsonrpc: "2.0",
          id: message.id,
          error: { code: -32603, message: `Cartograph server: ${messageOf(error)}` },
        });
      }
    });
  };
  remote.onmessage = (message: JSONRPCMessage) => {
    if (
      "id" in message &&
      initializeIds.delete(message.id as string | number) &&
      "result" in message
    ) {
      const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
      remote.setProtocolVersion(typeof version === "string" ? version : LATEST_PROTOCOL_VERSION);
    }
    void local.send(message);
  };
  remote.onerror = (error) => log.warn("server connection error", { error });
  local.onclose = closeBoth;
  remote.onclose = closeBoth;
  await remote.start();
  await local.start();
  return { closed };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
