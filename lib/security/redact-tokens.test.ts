import { describe, expect, it } from "vitest";
import { createStreamRedactor, redactTokens } from "./redact-tokens";

// Built at run time, so no token-shaped literal sits in the source.
const fakeToken = () => `ghp_${"A1b2C3d4".repeat(4)}`;

describe("createStreamRedactor", () => {
  it("redacts a token split across pieces and sends nothing else changed", () => {
    const token = fakeToken();
    const text = `Set GITHUB_TOKEN=${token} before you run it.\nThen start.`;
    const redactor = createStreamRedactor();
    let out = "";
    for (let i = 0; i < text.length; i += 5) out += redactor.push(text.slice(i, i + 5));
    out += redactor.flush();
    expect(out).not.toContain(token);
    expect(out).toBe(redactTokens(text));
    expect(out).toContain("before you run it.\nThen start.");
  });

  it("holds back only the word being written", () => {
    const redactor = createStreamRedactor();
    expect(redactor.push("The server ")).toBe("The server ");
    expect(redactor.push("star")).toBe("");
    expect(redactor.push("ts here")).toBe("starts ");
    expect(redactor.flush()).toBe("here");
  });

  it("removes a given secret that has no known shape", () => {
    const redactor = createStreamRedactor(["hunter2hunter2"]);
    const out = redactor.push("password hunter2") + redactor.push("hunter2 ok") + redactor.flush();
    expect(out).toBe("password *** ok");
  });
});
