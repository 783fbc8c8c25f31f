import { describe, expect, it } from "vitest";
import { stemWord } from "./stem";
import { tokenizeCode } from "./tokenize";

describe("stemWord", () => {
  it.each([
    ["retry", ["retries", "retried", "retrying"]],
    ["throttle", ["throttled", "throttling", "throttles"]],
    ["parse", ["parsed", "parsing", "parses"]],
    ["stop", ["stopped", "stopping", "stops"]],
    ["apply", ["applied", "applies", "applying"]],
    ["connect", ["connected", "connecting", "connects"]],
  ])("maps the forms of %s to one key", (word, forms) => {
    for (const form of forms) expect(stemWord(form)).toBe(stemWord(word));
  });

  it("keeps short words, words whose ending belongs to the stem, and numbers", () => {
    expect(stemWord("need")).toBe("need");
    expect(stemWord("string")).toBe("string");
    expect(stemWord("red")).toBe("red");
    expect(stemWord("http2")).toBe("http2");
    expect(stemWord("seeing")).toBe("seeing");
  });

  it("does not conflate agent nouns with other words", () => {
    expect(stemWord("header")).not.toBe(stemWord("head"));
    expect(stemWord("server")).not.toBe(stemWord("serve"));
  });

  it("is applied to the words of identifiers and questions alike, not to whole identifiers", () => {
    expect(tokenizeCode("retryWithBackoff")).toEqual(["retrywithbackoff", "retri", "backoff"]);
    expect(tokenizeCode("where are failed requests retried")).toEqual(["fail", "request", "retri"]);
  });
});
