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

  it("leaves folder names as they are", () => {
    expect(tokenizeCode("library")).not.toEqual(tokenizeCode("lib"));
    expect(tokenizeCode("source")).not.toEqual(tokenizeCode("src"));
  });

  it("reads err and ctx as error and context, so a type named MapErr is found by 'error'", () => {
    expect(tokenizeCode("errors")).toEqual(tokenizeCode("err"));
    expect(tokenizeCode("MapErr")).toContain(tokenizeCode("error")[0]);
    expect(tokenizeCode("the context")).toEqual(tokenizeCode("ctx"));
  });
});
