import { describe, expect, it } from "vitest";
import type { ResearchReport } from "@/lib/protocol/research";
import { researchAsMarkdown } from "./research-export";

const report = {
  content: "# Carts\n\nLines are summed in src/cart.ts:1-4.\n\n## Sources\n\n- src/cart.ts:1-4\n",
  sources: [
    { path: "src/cart.ts", start_line: 1, end_line: 4, cited: true },
    { path: "src/tax.ts", start_line: 2, end_line: 9, cited: false },
  ],
  metadata: { repo_url: "local/shop", commit: "0123456789abcdef", model: "fixture" },
} as unknown as ResearchReport;

describe("researchAsMarkdown", () => {
  it("keeps the report's one list of sources and adds what it read besides", () => {
    const markdown = researchAsMarkdown({
      runId: "r",
      query: "How are carts summed?",
      status: "completed",
      streamed: "",
      report,
    });
    expect(markdown.match(/^## Sources$/gm)).toHaveLength(1);
    expect(markdown).toContain("## Also read\n\n- `src/tax.ts:2-9`");
    expect(markdown).not.toContain("`src/cart.ts:1-4`");
    expect(
      markdown.startsWith("# How are carts summed?\n\n_local/shop at commit 0123456789ab"),
    ).toBe(true);
  });
});
