import { describe, expect, it } from "vitest";
import { parseRepoSource } from "../repos/source";
import { embeddedIPv4Addresses } from "./embedded-ipv4";
import { assertPublicHost, isPrivateAddress } from "./host-check";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.20.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "192.0.2.10",
    "203.0.113.5",
    "::1",
    "fe80::1",
    "fe80::1%eth0",
    "fd00::1",
    "::ffff:127.0.0.1",
    "not-an-ip",
  ])("%s is not public", (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each([
    ["::", "unspecified"],
    ["0:0:0:0:0:0:0:0", "unspecified, long form"],
    ["100::1", "discard-only 100::/64"],
    ["2001:db8::1", "documentation 2001:db8::/32"],
    ["fec0::1", "site-local fec0::/10"],
    ["64:ff9b:1::a00:1", "local-use NAT64 64:ff9b:1::/48"],
  ])("%s is not public (%s)", (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each([
    ["::ffff:7f00:1", "IPv4-mapped loopback in hex"],
    ["0:0:0:0:0:ffff:7f00:1", "IPv4-mapped loopback, long form"],
    ["::FFFF:A9FE:A9FE", "IPv4-mapped metadata address, upper case"],
    ["::ffff:0:10.0.0.1", "IPv4-translated private"],
    ["::127.0.0.1", "IPv4-compatible loopback"],
    ["::7f00:1", "IPv4-compatible loopback in hex"],
    ["::a9fe:a9fe", "IPv4-compatible metadata address"],
    ["64:ff9b::127.0.0.1", "NAT64 loopback"],
    ["64:ff9b::a9fe:a9fe", "NAT64 metadata address in hex"],
    ["64:ff9b::c0a8:101", "NAT64 192.168.1.1"],
    ["2002:7f00:1::", "6to4 of 127.0.0.1"],
    ["2002:a9fe:a9fe::1", "6to4 of 169.254.169.254"],
    ["2002:c0a8:0101:1::1", "6to4 of 192.168.1.1"],
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo whose client is 127.0.0.1"],
    ["2001:0:a00:1:8000:63bf:f7f7:f7f7", "Teredo whose server is 10.0.0.1"],
  ])("%s is not public (%s)", (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each([
    "140.82.112.3",
    "8.8.8.8",
    "2606:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
  ])("%s is public", (address) => expect(isPrivateAddress(address)).toBe(false));
});

describe("embeddedIPv4Addresses", () => {
  it("reads the IPv4 an address carries, whatever the spelling", () => {
    expect(embeddedIPv4Addresses("::ffff:7f00:1")).toEqual(["127.0.0.1"]);
    expect(embeddedIPv4Addresses("64:ff9b::203.0.113.7")).toEqual(["203.0.113.7"]);
    expect(embeddedIPv4Addresses("2002:cb00:7107::")).toEqual(["203.0.113.7"]);
    // Teredo: the server as written, the client with every bit inverted.
    expect(embeddedIPv4Addresses("2001:0:4136:e378:8000:63bf:3fff:fdd2")).toEqual([
      "65.54.227.120",
      "192.0.2.45",
    ]);
    expect(embeddedIPv4Addresses("2606:4700::1111")).toEqual([]);
  });
});

const resolveTo = (addresses: string[]) => async () => addresses;
// A resolver that calls everything public: only reading the literal can find the loopback.
const publicResolver = { allowPrivate: false, resolve: resolveTo(["140.82.112.3"]) };

describe("assertPublicHost", () => {
  it("refuses a name that resolves to any private address (DNS pointing inward)", async () => {
    await expect(
      assertPublicHost("evil.example", {
        allowPrivate: false,
        resolve: resolveTo(["8.8.8.8", "10.0.0.5"]),
      }),
    ).rejects.toThrow(/private or local/);
    await expect(assertPublicHost("good.example", publicResolver)).resolves.toEqual([
      "140.82.112.3",
    ]);
  });

  it("refuses IP literals without resolving, unless the operator allows private hosts", async () => {
    await expect(assertPublicHost("[::1]", { allowPrivate: false })).rejects.toThrow(/private/);
    await expect(assertPublicHost("127.0.0.1", { allowPrivate: true })).resolves.toEqual([]);
  });

  it.each([
    "2130706433",
    "0x7f.1",
    "017700000001",
    "0x7f000001",
    "127.1",
    "0300.0250.0.1",
    "[::ffff:7f00:1]",
    "[::127.0.0.1]",
    "[64:ff9b::a9fe:a9fe]",
    "[2002:7f00:1::]",
  ])("reads %s as the address it spells, not as a name to resolve", async (host) => {
    await expect(assertPublicHost(host, publicResolver)).rejects.toThrow(/private or local/);
  });

  it("refuses something that is not a host at all", async () => {
    await expect(assertPublicHost("evil.example/@10.0.0.1", publicResolver)).rejects.toThrow(
      /not a host name/,
    );
  });

  it("says so when a host cannot be resolved", async () => {
    const failing = async () => {
      throw new Error("ENOTFOUND");
    };
    await expect(
      assertPublicHost("nowhere.invalid", { allowPrivate: false, resolve: failing }),
    ).rejects.toThrow(/Cannot resolve/);
  });
});

describe("repository URLs", () => {
  it.each([
    "https://2130706433/owner/repo",
    "https://0x7f.1/owner/repo",
    "https://017700000001/owner/repo",
    "https://[::ffff:127.0.0.1]/owner/repo",
    "https://[0:0:0:0:0:ffff:7f00:1]/owner/repo",
    "https://[::127.0.0.1]/owner/repo",
    "https://[64:ff9b::169.254.169.254]/owner/repo",
    "https://[2002:a9fe:a9fe::]/owner/repo",
    "https://[2001:db8::1]/owner/repo",
  ])("%s is refused as a private host", async (url) => {
    const source = parseRepoSource(url, []);
    if (source.kind !== "git") throw new Error("expected a git source");
    await expect(assertPublicHost(source.host, publicResolver)).rejects.toThrow(/private or local/);
  });
});
