import { isIP } from "node:net";

/**
 * The IPv4 addresses an IPv6 address carries, for the forms that reach an IPv4 host
 * through a translator, a tunnel or the dual stack: IPv4-mapped `::ffff:a.b.c.d`,
 * IPv4-translated `::ffff:0:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16` and Teredo `2001::/32` (server and client). Any spelling: hex words
 * (`::ffff:7f00:1`), dotted tails and zero runs are read alike. Empty for other addresses.
 */
export function embeddedIPv4Addresses(address: string): string[] {
  const words = ipv6Words(address);
  if (!words) return [];
  const zero = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  const last32 = ipv4(words[6], words[7]);
  // ::a.b.c.d (compatible) and ::ffff:a.b.c.d (mapped)
  if (zero(0, 5) && (words[5] === 0 || words[5] === 0xffff)) return [last32];
  // ::ffff:0:a.b.c.d (translated, RFC 2765)
  if (zero(0, 4) && words[4] === 0xffff && words[5] === 0) return [last32];
  // 64:ff9b::a.b.c.d (well-known NAT64 prefix, RFC 6052)
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return [last32];
  // 2002:AABB:CCDD::/48 (6to4): the IPv4 is bits 16-47
  if (words[0] === 0x2002) return [ipv4(words[1], words[2])];
  // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC (Teredo): server bits 32-63, client inverted
  if (words[0] === 0x2001 && words[1] === 0) {
    return [ipv4(words[2], words[3]), ipv4(~words[6] & 0xffff, ~words[7] & 0xffff)];
  }
  return [];
}

/** The eight 16-bit words of an IPv6 address (zone dropped), or null when it is not one. */
export function ipv6Words(address: string): number[] | null {
  const bare = address.replace(/%.*$/, "");
  if (isIP(bare) !== 6) return null;
  const halves = bare.split("::");
  const [head, tail] = [wordsOf(halves[0]), halves.length > 1 ? wordsOf(halves[1]) : []];
  const gap = halves.length > 1 ? 8 - head.length - tail.length : 0;
  return [...head, ...new Array<number>(gap).fill(0), ...tail];
}

function wordsOf(part: string): number[] {
  if (part === "") return [];
  return part.split(":").flatMap((word) => {
    if (!word.includes(".")) return [Number.parseInt(word, 16)];
    const [a, b, c, d] = word.split(".").map(Number);
    return [(a << 8) | b, (c << 8) | d];
  });
}

function ipv4(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}
