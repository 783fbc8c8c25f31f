import { describe, expect, it } from "vitest";
import {
  formatDuration,
  formatRelativeTime,
  kindLabel,
  ordinal,
  repositoryLabel,
} from "./run-format";

describe("run labels", () => {
  it("shorten a repository to what a list needs", () => {
    expect(repositoryLabel("https://github.com/acme/rocket.git")).toBe("acme/rocket");
    expect(repositoryLabel("https://gitlab.example.com/group/sub/app/")).toBe("group/sub/app");
    expect(repositoryLabel("acme/rocket")).toBe("acme/rocket");
    expect(repositoryLabel("/tmp/roots/shop")).toBe("shop");
    expect(repositoryLabel("file:///srv/code/shop")).toBe("shop");
  });
  it("name known kinds and spell out the others", () => {
    expect(kindLabel("wiki")).toBe("Wiki");
    expect(kindLabel("research")).toBe("Deep research");
    expect(kindLabel("test.steps")).toBe("Test steps");
    expect(kindLabel("")).toBe("Run");
  });

  it("describe times relative to now, then as a date", () => {
    const now = Date.parse("2025-03-10T12:00:00Z");
    expect(formatRelativeTime("2025-03-10T11:59:30Z", now)).toBe("just now");
    expect(formatRelativeTime("2025-03-10T11:55:00Z", now)).toBe("5 minutes ago");
    expect(formatRelativeTime("2025-03-10T09:00:00Z", now)).toBe("3 hours ago");
    expect(formatRelativeTime("2025-03-09T10:00:00Z", now)).toBe("yesterday");
    expect(formatRelativeTime("2025-01-02T10:00:00Z", now)).toBe("Jan 2, 2025");
    expect(formatRelativeTime("not a date", now)).toBe("");
  });

  it("format durations at a sensible precision", () => {
    expect(formatDuration(0.02)).toBe("<0.1s");
    expect(formatDuration(0.42)).toBe("0.4s");
    expect(formatDuration(12.4)).toBe("12s");
    expect(formatDuration(245)).toBe("4m 05s");
    expect(formatDuration(7800)).toBe("2h 10m");
  });

  it("give queue places as ordinals", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "101st",
    ]);
  });
});
