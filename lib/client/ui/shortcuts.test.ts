import { describe, expect, it } from "vitest";
import { shortcutOf } from "./shortcuts";

const press = (
  key: string,
  target: { tagName?: string; type?: string } | null = null,
  mods = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  ...mods,
});

describe("shortcutOf", () => {
  it("maps the keys", () => {
    expect(shortcutOf(press("/"))).toBe("search");
    expect(shortcutOf(press("t", { tagName: "BODY" }))).toBe("go-to-file");
    expect(shortcutOf(press("["))).toBe("previous-page");
    expect(shortcutOf(press("]"))).toBe("next-page");
    expect(shortcutOf(press("?"))).toBe("help");
    expect(shortcutOf(press("x"))).toBeNull();
  });

  it("leaves keys typed into fields to the field, except Escape", () => {
    expect(shortcutOf(press("/", { tagName: "INPUT", type: "search" }))).toBeNull();
    expect(shortcutOf(press("t", { tagName: "TEXTAREA" }))).toBeNull();
    expect(shortcutOf(press("t", { tagName: "INPUT", type: "checkbox" }))).toBe("go-to-file");
    expect(shortcutOf(press("Escape", { tagName: "TEXTAREA" }))).toBe("stop-answer");
  });

  it("leaves keys with modifiers to the browser", () => {
    expect(shortcutOf(press("t", null, { ctrlKey: true }))).toBeNull();
  });
});
