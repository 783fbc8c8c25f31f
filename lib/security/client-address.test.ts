import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddressOf, isSecureRequest } from "./client-address";

const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe("the client address", () => {
  it("is the peer unless a proxy is trusted; then the address the proxy appended last", () => {
    const forwarded = { "x-forwarded-for": "6.6.6.6, 203.0.113.7" };
    expect(clientAddressOf(request("::ffff:10.0.0.2", forwarded), false)).toBe("10.0.0.2");
    expect(clientAddressOf(request("10.0.0.2", forwarded), true)).toBe("203.0.113.7");
    expect(clientAddressOf(request("10.0.0.2", { "x-forwarded-for": "junk" }), true)).toBe(
      "10.0.0.2",
    );
  });

  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    const https = { "x-forwarded-proto": "https" };
    expect(isSecureRequest(request("10.0.0.2", https), false)).toBe(false);
    expect(isSecureRequest(request("10.0.0.2", https), true)).toBe(true);
  });
});
