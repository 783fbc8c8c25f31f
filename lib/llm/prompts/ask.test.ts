import { describe, expect, it } from "vitest";
import { askSystemPrompt } from "./ask";

const base = { repository: "octo/shop", commit: "a".repeat(40), language: "en", passages: [] };

describe("askSystemPrompt", () => {
  it("names the wiki page being read and holds its files", () => {
    const prompt = askSystemPrompt({
      ...base,
      page: {
        title: "Cart and discounts",
        files: [{ path: "src/cart.ts", content: "export const cart = 1;", truncated: true }],
      },
    });
    expect(prompt).toContain('The user is reading the wiki page "Cart and discounts"');
    expect(prompt).toContain(
      '<file path="src/cart.ts" truncated="true">\nexport const cart = 1;\n</file>',
    );
  });

  it("says nothing of a page when there is none", () => {
    expect(askSystemPrompt(base)).not.toContain("wiki page");
  });
});
