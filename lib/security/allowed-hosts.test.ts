import { describe, expect, it } from "vitest";
import { AllowedHosts } from "./allowed-hosts";

const hosts = (options: Partial<ConstructorParameters<typeof AllowedHosts>[0]> = {}) =>
  new AllowedHosts({
    host: "127.0.0.1",
    port: () => 3000,
    allowedHosts: [],
    allowedOrigins: [],
    ...options,
  });

describe("AllowedHosts", () => {
  it("answers loopback names on the listening port only", () => {
    const loopback = hosts();
    for (const host of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST:3000"])
      expect(loopback.isAllowedHost(host), host).toBe(true);
    for (const host of [
      "localhost:3001",
      "localhost",
      "evil.example:3000",
      "localhost.evil.example:3000",
      "127.0.0.2:3000",
      "user@localhost:3000",
      "localhost:3000/x",
      "",
      undefined,
    ])
      expect(loopback.isAllowedHost(host), String(host)).toBe(false);
  });

  it("adds PUBLIC_URL's host on its scheme's port and ALLOWED_HOSTS on any port unless one is given", () => {
    const configured = hosts({
      publicUrl: "https://wiki.example.com",
      allowedHosts: ["intranet", "box.lan:8080"],
    });
    for (const host of [
      "wiki.example.com",
      "wiki.example.com:443",
      "intranet",
      "intranet:3000",
      "box.lan:8080",
    ])
      expect(configured.isAllowedHost(host), host).toBe(true);
    for (const host of ["wiki.example.com:8443", "box.lan:3000", "box.lan"])
      expect(configured.isAllowedHost(host), host).toBe(false);
  });

  it("follows a port known only after listening", () => {
    let port = 0;
    const late = hosts({ port: () => port });
    port = 41234;
    expect(late.isAllowedHost("127.0.0.1:41234")).toBe(true);
  });

  it("allows the bound address itself when it is a specific interface", () => {
    expect(hosts({ host: "192.168.1.5" }).isAllowedHost("192.168.1.5:3000")).toBe(true);
    expect(hosts({ host: "0.0.0.0" }).isAllowedHost("0.0.0.0:3000")).toBe(false);
  });

  it("accepts no Origin (not a browser), our own origins and ALLOWED_ORIGINS, nothing else", () => {
    const origins = hosts({ allowedOrigins: ["http://deepwiki.test:3001"] });
    for (const origin of [
      undefined,
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://deepwiki.test:3001",
    ])
      expect(origins.isAllowedOrigin(origin), String(origin)).toBe(true);
    for (const origin of [
      "null",
      "http://evil.example",
      "http://localhost:5173",
      "http://deepwiki.test:3002",
      "file://",
      "chrome-extension://abc",
      "garbage",
    ])
      expect(origins.isAllowedOrigin(origin), origin).toBe(false);
  });
});
