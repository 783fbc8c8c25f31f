import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Principal } from "../auth/guard";
import { toAppError } from "../errors";
import { respondWithError } from "../http/front-door";
import { logger } from "../log";
import { authRequestOfHeaders } from "../security/client-address";
import type { Services } from "../services";
import { createMcpServer } from "./server";

const log = logger("mcp");

export const MCP_PATH = "/mcp";

/**
 * MCP over Streamable HTTP at `/mcp`, stateless: each POST carries its own credentials and
 * gets a server of its own, acting as whoever the guard says the request is. The front door
 * has already checked the host, the origin and the body's type and size; this checks who.
 * There is no session, so nothing to stream on GET nor to end with DELETE (405, as the
 * transport's specification allows).
 */
export class McpHttpEndpoint {
  constructor(private readonly services: Services) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let principal: Principal;
    try {
      principal = await this.services.guard.authenticate(authRequestOfHeaders(request.headers));
    } catch (error) {
      const failure = toAppError(error, "mcp");
      if (failure.status === 401)
        response.setHeader("www-authenticate", 'Bearer realm="cartograph"');
      respondWithError(response, failure);
      return;
    }
    if (request.method !== "POST") {
      response.writeHead(405, { allow: "POST", "content-type": "application/json" });
      response.end(
        JSON.stringify({
          jsonrpc: "2.0",
          error: { code: -32000, message: "Method not allowed: this MCP server is stateless" },
          id: null,
        }),
      );
      return;
    }
    const server = createMcpServer(this.services, principal);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request, response);
    } catch (error) {
      log.error("MCP request failed", { error });
      respondWithError(response, toAppError(error, "mcp"));
    }
  }
}
