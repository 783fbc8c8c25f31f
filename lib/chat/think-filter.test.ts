import { describe, expect, it } from "vitest";
import { createThinkFilter } from "./think-filter";

const run = (pieces: string[]) => {
  const filter = createThinkFilter();
  return pieces.map((piece) => filter.push(piece)).join("") + filter.flush();
};

describe("createThinkFilter", () => {
  it("drops hidden reasoning, also when tags are split across pieces", () => {
    expect(run(["<think>secret plan</think>The answer."])).toBe("The answer.");
    expect(run(["<thi", "nk>sec", "ret</th", "ink>\n\nVisible ", "text"])).toBe("Visible text");
    expect(run(["Before <reasoning>hidden</reasoning>after"])).toBe("Before after");
    expect(run(["<THINKING>x</THINKING>y"])).toBe("y");
  });

  it("keeps ordinary angle brackets and drops an unterminated block at the end", () => {
    expect(run(["a < b and ", "Array<string>", " <"])).toBe("a < b and Array<string> <");
    expect(run(["Start <think>never closed"])).toBe("Start ");
  });
});
