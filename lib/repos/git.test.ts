import { describe, expect, it } from "vitest";
import { gitConfig, runGit } from "./git";

describe("git's private config", () => {
  it("pins a checked host to its addresses and follows no redirect", () => {
    const config = gitConfig({
      pin: { host: "example.com", port: 443, addresses: ["93.184.216.34", "2606:2800:220:1::1"] },
    });
    expect(config).toContain(
      "\tcurloptResolve = example.com:443:93.184.216.34,[2606:2800:220:1::1]\n",
    );
    expect(config).toContain("\tfollowRedirects = false\n");
  });

  it("pins nothing when private hosts are allowed (no addresses were checked)", () => {
    const config = gitConfig({ pin: { host: "git.lan", port: 443, addresses: [] } });
    expect(config).not.toContain("curloptResolve");
    expect(config).not.toContain("followRedirects");
  });

  it("makes git connect to the pinned address instead of looking the host up again", async () => {
    // Offline, an unpinned lookup fails to resolve; pinned, git goes straight to the address.
    const failure = await runGit(["ls-remote", "https://github.com/cartograph/none"], {
      pin: { host: "github.com", port: 443, addresses: ["127.0.0.1"] },
      timeoutMs: 20_000,
    }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).not.toBeNull();
    expect(failure).not.toMatch(/Could not resolve host/);
    expect(failure).toMatch(/connect/i);
  });
});
