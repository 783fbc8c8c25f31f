import { describe, expect, it } from "vitest";
import { stemPlural, tokenizeCode } from "./tokenize";

describe("tokenizeCode", () => {
  it("splits camelCase and keeps the whole identifier", () => {
    expect(tokenizeCode("getUserById")).toEqual(["getuserbyid", "get", "user", "id"]);
  });

  it("splits acronyms from the words around them", () => {
    expect(tokenizeCode("parseHTTPRequest")).toEqual([
      "parsehttprequest",
      "pars",
      "http",
      "request",
    ]);
    expect(tokenizeCode("XMLHttpRequest")).toEqual(["xmlhttprequest", "xml", "http", "request"]);
    expect(tokenizeCode("IOError")).toEqual(["ioerror", "io", "err"]);
  });

  it("splits snake_case and kebab-case; snake and camel spellings share the whole token", () => {
    expect(tokenizeCode("get_user_by_id")).toEqual(["getuserbyid", "get", "user", "id"]);
    expect(tokenizeCode("MAX_RETRY_COUNT")).toEqual(["maxretrycount", "max", "retri", "count"]);
    expect(tokenizeCode("chunk-file")).toEqual(["chunk", "file"]);
  });

  it("splits paths and dotted names", () => {
    expect(tokenizeCode("lib/runs/worker.ts")).toEqual(["lib", "run", "worker", "ts"]);
    expect(tokenizeCode("os.path.join")).toEqual(["os", "path", "join"]);
  });

  it("splits at digit boundaries and drops one-character pieces", () => {
    expect(tokenizeCode("utf8Decode")).toEqual(["utf8decode", "utf", "decod"]);
    expect(tokenizeCode("base64")).toEqual(["base64", "base", "64"]);
    expect(tokenizeCode("x = y + z")).toEqual([]);
  });

  it("drops English filler and keyword noise but keeps code words", () => {
    expect(tokenizeCode("how is the user fetched by id")).toEqual(["user", "fetch", "id"]);
    expect(tokenizeCode("const value = await load(); return value;")).toEqual([
      "valu",
      "await",
      "load",
      "valu",
    ]);
    expect(tokenizeCode("class Type interface error async get set new")).toEqual([
      "class",
      "type",
      "interfac",
      "err",
      "async",
      "get",
      "set",
      "new",
    ]);
  });

  it("stems plurals so a question in the singular finds plural identifiers", () => {
    expect(tokenizeCode("listUsers")).toEqual(["listusers", "list", "user"]);
    expect(tokenizeCode("entries")).toEqual(tokenizeCode("entry"));
    expect(tokenizeCode("matches classes caches indexes")).toEqual([
      "match",
      "class",
      "cach",
      "index",
    ]);
  });

  it("handles leading underscores, dollar signs and non-Latin letters", () => {
    expect(tokenizeCode("__init__ $scope")).toEqual(["init", "scop"]);
    expect(tokenizeCode("naïveFilter größe")).toEqual(["naïvefilter", "naïv", "filter", "größ"]);
  });
});

describe("stemPlural", () => {
  it.each([
    ["users", "user"],
    ["ids", "id"],
    ["repos", "repo"],
    ["queries", "query"],
    ["boxes", "box"],
    ["hashes", "hash"],
    ["branches", "branch"],
    ["responses", "response"],
    ["aliases", "alias"],
    ["status", "status"],
    ["process", "process"],
    ["analysis", "analysis"],
    ["alias", "alias"],
    ["is", "is"],
  ])("%s → %s", (word, stem) => {
    expect(stemPlural(word)).toBe(stem);
  });
});
