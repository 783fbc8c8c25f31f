import { describe, expect, it } from "vitest";
import { charsWithin, estimateTokens, TokenBudget } from "./token-budget";

describe("estimateTokens", () => {
  it("counts ASCII at three characters a token and CJK at more than one a character", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("a".repeat(300))).toBe(100);
    expect(estimateTokens("漢".repeat(100))).toBe(150);
    // An emoji is two UTF-16 units and four UTF-8 bytes.
    expect(estimateTokens("🙂".repeat(10))).toBe(20);
  });
});

describe("charsWithin", () => {
  it("counts from either end up to the tokens given", () => {
    const text = `${"a".repeat(30)}${"漢".repeat(10)}`;
    expect(charsWithin(text, 10, "start")).toBe(30);
    expect(charsWithin(text, 15, "end")).toBe(10);
    expect(charsWithin(text, 1_000, "start")).toBe(text.length);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const text = "🙂".repeat(10);
    expect(charsWithin(text, 3, "start")).toBe(2);
    expect(charsWithin(text, 3, "end")).toBe(2);
  });
});

describe("TokenBudget.takeTruncated", () => {
  it("cuts multi-byte text within the budget that is left", () => {
    const budget = new TokenBudget(600);
    const taken = budget.takeTruncated("日本語のテキスト\n".repeat(400));
    expect(taken?.truncated).toBe(true);
    expect(estimateTokens(taken?.text ?? "")).toBeLessThanOrEqual(600);
    expect(taken?.text.endsWith("テキスト")).toBe(true);
    expect(budget.left).toBeGreaterThanOrEqual(0);
  });
});

describe("estimateTokens on ASCII text", () => {
  it("counts as the per-character walk does (two sixths a character)", () => {
    const walk = (text: string) =>
      Math.ceil([...text].reduce((sum, char) => sum + (char.charCodeAt(0) < 0x80 ? 2 : 9), 0) / 6);
    for (const text of ["", "a", "ab", "abc", "abcd", "\t\n\u0000 code();", "x".repeat(1_001)]) {
      expect(estimateTokens(text)).toBe(walk(text));
    }
    expect(estimateTokens("abc€")).toBe(Math.ceil((3 * 2 + 9) / 6));
  });
});
