import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "../errors";

const privateRanges = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv6");
}

/** Loopback, link-local, private, shared, multicast or reserved: not a public host. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return privateRanges.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return privateRanges.check(mapped[1], "ipv4");
    return privateRanges.check(address, "ipv6");
  }
  return true;
}

/**
 * Refuses hosts that are, or resolve to, non-public addresses (SSRF), unless the
 * operator allowed private hosts (a self-hosted GitLab on the LAN, say). Resolves to the
 * addresses checked (none when private hosts are allowed), for the caller to connect to
 * exactly those: a second lookup could answer differently (DNS rebinding).
 */
export async function assertPublicHost(
  host: string,
  options: { allowPrivate: boolean; resolve?: (host: string) => Promise<string[]> },
): Promise<string[]> {
  if (options.allowPrivate) return [];
  const bare = host.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare)
    ? [bare]
    : await (options.resolve ?? resolveAll)(bare).catch(() => {
        throw new AppError("bad_request:repo", `Cannot resolve the host ${host}`);
      });
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw new AppError(
      "bad_request:repo",
      `The host ${host} is a private or local address; the operator can allow it with CARTOGRAPH_ALLOW_PRIVATE_HOSTS`,
    );
  }
  return addresses;
}

async function resolveAll(host: string): Promise<string[]> {
  const results = await lookup(host, { all: true });
  return results.map((result) => result.address);
}
