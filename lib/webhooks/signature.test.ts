import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeader, verifySignature } from "./signature";

const secret = newWebhookSecret();
const body = JSON.stringify({ id: "d1", event: "run.completed" });
const now = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("webhook signatures", () => {
  it("sign t=<unix>,v1=<HMAC-SHA256 of '<t>.<body>'> a receiver can recompute", () => {
    const header = signatureHeader(secret, body, now);
    const t = Math.floor(now / 1000);
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(verifySignature(secret, header, body, 300, now)).toBe(true);
  });

  it("refuse another body, another secret, a mangled or missing header", () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, `${body} `, 300, now)).toBe(false);
    expect(verifySignature(newWebhookSecret(), header, body, 300, now)).toBe(false);
    expect(verifySignature(secret, header.replace(/v1=../, "v1=00"), body, 300, now)).toBe(false);
    expect(verifySignature(secret, header.replace(/t=\d+/, "t=1"), body, 300, now)).toBe(false);
    expect(verifySignature(secret, "v1=abc", body, 300, now)).toBe(false);
    expect(verifySignature(secret, undefined, body, 300, now)).toBe(false);
  });

  it("refuse a delivery older or newer than the tolerance (a replay)", () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, body, 300, now + 299_000)).toBe(true);
    expect(verifySignature(secret, header, body, 300, now + 301_000)).toBe(false);
    expect(verifySignature(secret, header, body, 300, now - 301_000)).toBe(false);
  });

  it("accept any one of several v1 signatures (a receiver rotating secrets sees both)", () => {
    const t = Math.floor(now / 1000);
    const good = signatureHeader(secret, body, now).split("v1=")[1];
    expect(verifySignature(secret, `t=${t},v1=${"0".repeat(64)},v1=${good}`, body, 300, now)).toBe(
      true,
    );
  });

  it("make secrets that differ and carry 256 random bits", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(newWebhookSecret());
  });
});
