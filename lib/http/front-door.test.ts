import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AllowedHosts } from "../security/allowed-hosts";
import { FrontDoor } from "./front-door";

let server: http.Server;
let port = 0;
let release: () => void = () => {};

beforeAll(async () => {
  const door = new FrontDoor({
    hosts: new AllowedHosts({
      host: "127.0.0.1",
      port: () => port,
      allowedHosts: [],
      allowedOrigins: ["http://friend.test"],
    }),
    trustProxy: false,
    bodyLimits: { default: 1_000, chat: 5_000, import: 10_000 },
    dev: false,
    maxHeldBytes: 1_500,
  });
  server = http.createServer(async (request, response) => {
    if (!(await door.admitRequest(request, response))) return;
    // "/slow" keeps its body held until the test lets it answer.
    if (request.url === "/slow") await new Promise<void>((resolve) => (release = resolve));
    response.end("through");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  release();
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

function send(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: init.headers },
      (response) => {
        response.resume();
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers }),
        );
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}

const json = { "content-type": "application/json" };

describe("the front door", () => {
  it("refuses foreign hosts, foreign origins and non-JSON bodies before the app", async () => {
    expect((await send("/", { headers: { host: "evil.test" } })).status).toBe(421);
    const post = (headers: Record<string, string>) =>
      send("/api/x", { method: "POST", headers: { ...json, ...headers }, body: "{}" });
    expect((await post({ origin: "http://evil.test" })).status).toBe(403);
    expect((await post({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({ origin: "http://friend.test" })).status).toBe(200);
    expect((await post({ "content-type": "text/plain" })).status).toBe(415);
    expect((await post({})).status).toBe(200);
  });

  it("applies each path's body limit", async () => {
    const body = (size: number) => JSON.stringify({ text: "x".repeat(size) });
    const post = (path: string, size: number) =>
      send(path, { method: "POST", headers: json, body: body(size) });
    expect((await post("/api/x", 2_000)).status).toBe(413);
    expect((await post("/api/chat/stream", 1_200)).status).toBe(200);
    expect((await post("/api/chat/stream", 6_000)).status).toBe(413);
  });

  it("sets the security headers on what it lets through", async () => {
    const { headers } = await send("/", {});
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
  });

  it("bounds what all requests hold at once: past it, 503 with Retry-After", async () => {
    const slow = send("/slow", { method: "POST", headers: json, body: "x".repeat(900) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await send("/api/x", { method: "POST", headers: json, body: "z".repeat(700) });
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("1");
    release();
    expect((await slow).status).toBe(200);
    expect((await send("/api/x", { method: "POST", headers: json, body: "{}" })).status).toBe(200);
  });
});
