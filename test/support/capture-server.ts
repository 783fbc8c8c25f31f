import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * An HTTP server on 127.0.0.1 that records every request's headers, standing for a
 * base URL someone typed into Settings. With `forwardTo` it relays each request there
 * (an OpenAI-compatible fixture, say) so the app works through it; else it answers 503.
 */
export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  private server: Server | undefined;
  url = "";

  constructor(private readonly options: { forwardTo?: string } = {}) {}

  async start(): Promise<this> {
    this.server = createServer(async (request, response) => {
      this.requests.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
      });
      const body = Buffer.concat(await request.toArray());
      if (!this.options.forwardTo) {
        response.writeHead(503, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: "capture server" } }));
        return;
      }
      const path = (request.url ?? "").replace(/^\/v1/, "");
      const relayed = await fetch(`${this.options.forwardTo}${path}`, {
        method: request.method,
        headers: { "content-type": request.headers["content-type"] ?? "application/json" },
        body: body.length > 0 ? body : undefined,
      });
      response.writeHead(relayed.status, {
        "content-type": relayed.headers.get("content-type") ?? "application/json",
      });
      // Chunk by chunk: streamed chat answers (SSE) stay streamed.
      const reader = relayed.body?.getReader();
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
        response.write(chunk.value);
      }
      response.end();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/v1`;
    return this;
  }

  /** Requests that carried `secret` in any header (Authorization, api-key, …). */
  carrying(secret: string): CapturedRequest[] {
    return this.requests.filter((request) => JSON.stringify(request.headers).includes(secret));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
