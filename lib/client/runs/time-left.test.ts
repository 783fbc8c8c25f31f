import { describe, expect, it } from "vitest";
import { estimateTimeLeft, timeLeftLabel } from "./time-left";

describe("estimateTimeLeft", () => {
  const baseline = { phase: "writing", at: 0, done: 2 };

  it("says nothing until a few steps were seen", () => {
    expect(estimateTimeLeft(baseline, { at: 10_000, steps: { done: 4, total: 10 } })).toBeNull();
  });

  it("is the steps left times the observed time per step", () => {
    // 3 steps in 30 s: 10 s each, 5 left.
    expect(estimateTimeLeft(baseline, { at: 30_000, steps: { done: 5, total: 10 } })).toBe(50_000);
  });

  it("reads as a rounded sentence", () => {
    expect(timeLeftLabel(50_000)).toBe("About 50s left");
    expect(timeLeftLabel(41_000)).toBe("About 45s left");
    expect(timeLeftLabel(3 * 60_000)).toBe("About 3 min left");
    expect(timeLeftLabel(2_000)).toBe("Almost done");
  });
});
