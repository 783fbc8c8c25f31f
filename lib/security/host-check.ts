import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "../errors";
import { embeddedIPv4Addresses } from "./embedded-ipv4";

// IANA's special-purpose registries: what is not globally reachable, or is documentation.
const privateRanges = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b:1::", 48], // local-use NAT64: translates into the operator's own network
  ["100::", 64], // discard-only
  ["2001:2::", 48], // benchmarking
  ["2001:10::", 28], // ORCHID
  ["2001:20::", 28], // ORCHIDv2
  ["2001:db8::", 32], // documentation
  ["3fff::", 20], // documentation
  ["5f00::", 16], // SRv6 SIDs
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed inside sites)
  ["ff00::", 8], // multicast
] as const) {
  privateRanges.addSubnet(network, prefix, "ipv6");
}

/**
 * Loopback, link-local, private, shared, multicast, reserved or documentation: not a
 * public host. An IPv6 address that embeds an IPv4 one (mapped, compatible, NAT64, 6to4,
 * Teredo) reaches that IPv4 host, so it is judged by it too. Anything else is not public.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return privateRanges.check(address, "ipv4");
  if (family === 6) {
    const bare = address.replace(/%.*$/, "");
    return (
      privateRanges.check(bare, "ipv6") ||
      embeddedIPv4Addresses(bare).some((embedded) => privateRanges.check(embedded, "ipv4"))
    );
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
  options: {
    allowPrivate: boolean;
    resolve?: (host: string) => Promise<string[]>;
    /** Whose check this is: the error code's surface and the variable that lifts it. */
    purpose?: { surface: string; escapeHatch: string };
  },
): Promise<string[]> {
  if (options.allowPrivate) return [];
  const { surface, escapeHatch } = options.purpose ?? {
    surface: "repo",
    escapeHatch: "CARTOGRAPH_ALLOW_PRIVATE_HOSTS",
  };
  const canonical = canonicalHost(host, surface);
  const addresses = isIP(canonical)
    ? [canonical]
    : await (options.resolve ?? resolveAll)(canonical).catch(() => {
        throw new AppError(`bad_request:${surface}`, `Cannot resolve the host ${host}`);
      });
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw new AppError(
      `bad_request:${surface}`,
      `The host ${host} is a private or local address; the operator can allow it with ${escapeHatch}`,
    );
  }
  return addresses;
}

/**
 * The host as a URL client will connect to it: a bare IP literal or a lower-case name.
 * WHATWG URL parsing reads `2130706433`, `0x7f.1` and `017700000001` as 127.0.0.1, as
 * fetch and curl do; a resolver given the raw spelling might not, or might differ.
 */
function canonicalHost(host: string, surface: string): string {
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIP(bare) === 6) return bare;
  if (/[/?#@\\[\]:%\s]/.test(host)) throw notAHost(host, surface);
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    throw notAHost(host, surface);
  }
}

function notAHost(host: string, surface: string): AppError {
  return new AppError(`bad_request:${surface}`, `${JSON.stringify(host)} is not a host name`);
}

async function resolveAll(host: string): Promise<string[]> {
  const results = await lookup(host, { all: true });
  return results.map((result) => result.address);
}
