import { createServer, type Socket } from "node:net";
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

  it("makes curl give up on a remote that trickles bytes", () => {
    expect(gitConfig({})).toMatch(/\[http\]\n\tlowSpeedLimit = 1000\n\tlowSpeedTime = 30\n/);
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

describe("a remote that never answers", () => {
  it("fails within the remote timeout with a clear reason, and git lets go of the connection", async () => {
    // Accepts the TCP connection and then says nothing (not even TLS).
    const sockets: Socket[] = [];
    const closed: Promise<void>[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.resume();
      closed.push(new Promise((resolve) => socket.on("close", () => resolve())));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const failure = await runGit(["ls-remote", `https://silent.test:${port}/owner/repo`], {
        pin: { host: "silent.test", port, addresses: ["127.0.0.1"] },
        // Long enough for git and its helper to start and connect on a loaded machine.
        remoteTimeoutMs: 3_000,
      }).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(failure).toBe("The remote did not answer within 3 s");
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(sockets.length).toBeGreaterThan(0);
      // git-remote-https held the socket: it was killed with git, not left behind.
      await Promise.all(closed);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
