import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pinnedLookup } from "./send";

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((incoming, response) => response.end(`host=${incoming.headers.host}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("connects a host name to the address that was checked, whatever DNS would answer", async () => {
  // `.invalid` never resolves: reaching the server proves the pinned address was used,
  // with the name kept for the Host header (and for TLS, the certificate check).
  const body = await new Promise<string>((resolve, reject) => {
    const outgoing = request(
      `http://receiver.invalid:${port}/hook`,
      { agent: false, lookup: pinnedLookup(["127.0.0.1"]) },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on("end", () => resolve(text));
      },
    );
    outgoing.on("error", reject);
    outgoing.end();
  });
  expect(body).toBe(`host=receiver.invalid:${port}`);
});
