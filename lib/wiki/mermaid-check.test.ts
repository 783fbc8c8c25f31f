import { afterAll, describe, expect, it } from "vitest";
import { checkMermaid, stopMermaidChecker } from "./mermaid-check";

afterAll(() => stopMermaidChecker());

describe("checkMermaid", () => {
  it("accepts diagrams Mermaid parses, including ones that need a DOM to sanitise labels", async () => {
    expect(await checkMermaid("graph TD\n  A[Start] --> B(End)")).toEqual({ ok: true });
    expect(await checkMermaid("classDiagram\n  Animal <|-- Duck")).toEqual({ ok: true });
    expect(await checkMermaid("sequenceDiagram\n  A->>B: hello")).toEqual({ ok: true });
  }, 30_000);

  it("rejects broken diagrams with the parser's message", async () => {
    const verdict = await checkMermaid("graph TD\n  A[unclosed --> B");
    expect(verdict.ok).toBe(false);
    expect(verdict.error).toMatch(/Parse error|Expecting/);
    expect((await checkMermaid("notADiagram\n  x")).ok).toBe(false);
  }, 30_000);
});
