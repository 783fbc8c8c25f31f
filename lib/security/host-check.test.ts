import { describe, expect, it } from "vitest";
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
    "::1",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "not-an-ip",
  ])("%s is not public", (address) => expect(isPrivateAddress(address)).toBe(true));
  it.each(["140.82.112.3", "8.8.8.8", "2606:4700::1111"])("%s is public", (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );
});

describe("assertPublicHost", () => {
  const resolveTo = (addresses: string[]) => async () => addresses;

  it("refuses a name that resolves to any private address (DNS pointing inward)", async () => {
    await expect(
      assertPublicHost("evil.example", {
        allowPrivate: false,
        resolve: resolveTo(["8.8.8.8", "10.0.0.5"]),
      }),
    ).rejects.toThrow(/private or local/);
    await expect(
      assertPublicHost("good.example", {
        allowPrivate: false,
        resolve: resolveTo(["140.82.112.3"]),
      }),
    ).resolves.toEqual(["140.82.112.3"]);
  });

  it("refuses IP literals without resolving, unless the operator allows private hosts", async () => {
    await expect(assertPublicHost("[::1]", { allowPrivate: false })).rejects.toThrow(/private/);
    await expect(assertPublicHost("127.0.0.1", { allowPrivate: true })).resolves.toEqual([]);
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
