import { expect, it } from "vitest";
import { maxAttempts, retryDelay } from "./backoff";

const schedule = [10_000, 60_000, 300_000, 1_800_000, 7_200_000];

it("waits longer after each failed attempt, then gives up after one more than the delays", () => {
  expect([1, 2, 3, 4, 5].map((attempts) => retryDelay(attempts, schedule))).toEqual(schedule);
  expect(retryDelay(6, schedule)).toBeNull();
  expect(maxAttempts(schedule)).toBe(6);
});

it("with no delays there is one attempt and no retry", () => {
  expect(retryDelay(1, [])).toBeNull();
  expect(maxAttempts([])).toBe(1);
});
