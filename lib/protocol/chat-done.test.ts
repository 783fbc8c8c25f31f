import { describe, expect, it } from "vitest";
import { chatEventSchema } from "./chat";

describe("a chat's done event", () => {
  it("is read with only the two counts PROTOCOLS §1 names: the cost is unknown, not estimated", () => {
    const parsed = chatEventSchema.parse({
      type: "done",
      finish_reason: "stop",
      usage: { input_tokens: 10, output_tokens: 20 },
    });
    expect(parsed).toMatchObject({
      usage: { input_tokens: 10, output_tokens: 20, cost: null, estimated: false },
    });
  });

  it("keeps the cost and the estimate mark when the server sends them", () => {
    const parsed = chatEventSchema.parse({
      type: "done",
      finish_reason: "stop",
      usage: { input_tokens: 1, output_tokens: 2, cost: 0.5, estimated: true },
    });
    expect(parsed).toMatchObject({ usage: { cost: 0.5, estimated: true } });
  });
});
