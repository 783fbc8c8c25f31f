import { describe, expect, it } from "vitest";
import { redactTokens } from "../security/redact-tokens";
import { hashApiToken, isApiTokenShape, looksLikeApiToken, mintApiToken } from "./api-token";

describe("API token values", () => {
  it("are cgt_ and 32 random bytes; only their SHA-256 is kept", () => {
    const { token, hash } = mintApiToken();
    expect(token).toMatch(/^cgt_[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashApiToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(mintApiToken().token).not.toBe(token);
  });

  it("tells a token-shaped bearer from an access code or garbage", () => {
    const { token } = mintApiToken();
    expect(isApiTokenShape(token)).toBe(true);
    expect(isApiTokenShape(`${token}x`)).toBe(false);
    expect(isApiTokenShape("cgt_short")).toBe(false);
    expect(isApiTokenShape("correct horse battery staple")).toBe(false);
    expect(looksLikeApiToken("cgt_short")).toBe(true);
    expect(looksLikeApiToken("an access code")).toBe(false);
  });

  it("is removed from log lines like any other credential", () => {
    const { token } = mintApiToken();
    expect(redactTokens(`token=${token} used`)).toBe("token=*** used");
  });
});
