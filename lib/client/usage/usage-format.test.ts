import { describe, expect, it } from "vitest";
import { formatCost, hasUsage, usageLine } from "./usage-format";

describe("usageLine", () => {
  it("shows tokens and cost, marking estimates and unknown prices", () => {
    expect(
      usageLine({ input_tokens: 1234, output_tokens: 56, cost: 0.0123, estimated: false }),
    ).toBe("1,234 in · 56 out · $0.0123");
    expect(usageLine({ input_tokens: 10, output_tokens: 2, cost: null, estimated: true })).toBe(
      "≈10 in · ≈2 out · cost unknown",
    );
  });

  it("formats small and large costs", () => {
    expect(formatCost(0.00036)).toBe("$0.00036");
    expect(formatCost(12.3456)).toBe("$12.35");
    expect(formatCost(null)).toBe("—");
  });

  it("has nothing to show without tokens", () => {
    expect(hasUsage({ input_tokens: 0, output_tokens: 0, cost: 0, estimated: false })).toBe(false);
    expect(hasUsage(undefined)).toBe(false);
  });
});
