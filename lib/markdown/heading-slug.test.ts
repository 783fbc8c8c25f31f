import { describe, expect, it } from "vitest";
import { headingSlugger, slugOf } from "./heading-slug";

describe("heading slugs", () => {
  it("turns a heading into a readable anchor", () => {
    expect(slugOf("How the cart is priced?")).toBe("how-the-cart-is-priced");
    expect(slugOf("`cartSubtotal` and __init__.py")).toBe("cartsubtotal-and-__init__py");
    expect(slugOf("Überblick")).toBe("überblick");
    expect(slugOf("!!!")).toBe("section");
  });

  it("numbers repeats within one document", () => {
    const slug = headingSlugger();
    expect([slug("Usage"), slug("Usage"), slug("Usage")]).toEqual(["usage", "usage-1", "usage-2"]);
  });
});
