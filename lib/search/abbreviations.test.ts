import { describe, expect, it } from "vitest";
import { tokenizeCode } from "./tokenize";

describe("abbreviations", () => {
  it("reads an abbreviation in code and the word a question uses as one token", () => {
    expect(tokenizeCode("the configuration")).toEqual(tokenizeCode("cfg"));
    expect(tokenizeCode("check the password")).toEqual(tokenizeCode("check pwd"));
    expect(tokenizeCode("temporary files")).toEqual(tokenizeCode("tmpFiles").slice(1));
    expect(tokenizeCode("authenticated")).toEqual(tokenizeCode("auth"));
  });

  it("keeps whole identifiers exact, so an identifier query still finds its declaration", () => {
    expect(tokenizeCode("parseConfig")[0]).toBe("parseconfig");
  });

  it("leaves folder names and words every file of a language uses as they are", () => {
    expect(tokenizeCode("library")).not.toEqual(tokenizeCode("lib"));
    expect(tokenizeCode("source")).not.toEqual(tokenizeCode("src"));
    expect(tokenizeCode("error")).not.toEqual(tokenizeCode("err"));
  });
});
