import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

/**
 * One HTTP request with full control of what a browser or attacker could send: any Host,
 * Origin or Sec-Fetch-Site, any content type, a chosen source address (any 127.x.y.z),
 * and a body that is a string or streamed from a generator.
 */
export function rawRequest(
  base: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer | (() => AsyncIterable<Buffer>);
    localAddress?: string;
  },
): Promise<RawResponse> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? "GET",
        headers: options.headers,
        localAddress: options.localAddress,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
          request.destroy();
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    const { body } = options;
    if (typeof body === "function") {
      void (async () => {
        try {
          for await (const chunk of body()) {
            if (request.destroyed) return;
            if (!request.write(chunk)) await new Promise((done) => request.once("drain", done));
          }
          request.end();
        } catch {
          // the server stopped reading: the response (or the error) tells the rest
        }
      })();
    } else {
      request.end(body);
    }
  });
}
