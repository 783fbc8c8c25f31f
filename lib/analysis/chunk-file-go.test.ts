import { describe, expect, it } from "vitest";
import { analyzeFixture, chunkNamed, describeSymbols, lineOf } from "./chunk-test-support";

describe("analyzeFile on Go", () => {
  it("chunks pkg/errors along its functions and methods, doc comments included", async () => {
    const { content, result } = await analyzeFixture("go/errors.go", "go");
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // The package documentation, the package clause and the imports are glue.
      [1, 98, undefined],
      [100, 107, "New"],
      [109, 117, "Errorf"],
      [119, 123, "fundamental"],
      [125, 125, "fundamental.Error"],
      [127, 141, "fundamental.Format"],
      [143, 153, "WithStack"],
      [155, 158, "withStack"],
      // One-line methods of one type share a chunk.
      [160, 163, "withStack.Cause, withStack.Unwrap"],
      [165, 179, "withStack.Format"],
      [181, 196, "Wrap"],
      [198, 213, "Wrapf"],
      [215, 225, "WithMessage"],
      [227, 237, "WithMessagef"],
      [239, 242, "withMessage"],
      [244, 248, "withMessage.Error, withMessage.Cause, withMessage.Unwrap"],
      [250, 262, "withMessage.Format"],
      [264, 288, "Cause"],
    ]);
    const wrap = chunkNamed(result.chunks, "Wrap");
    expect(wrap.startLine).toBe(lineOf(content, "// Wrap returns an error annotating err"));
    expect(wrap.text).toContain("func Wrap(err error, message string) error {");
    expect(result.imports).toEqual(["fmt", "io"]);
  });

  it("names methods after their receiver's type and exports capitalised names", async () => {
    const { result } = await analyzeFixture("go/errors.go", "go");
    expect(describeSymbols(result.symbols)).toEqual(
      expect.arrayContaining([
        "New function 102 exported",
        "fundamental class 120",
        // A pointer receiver names its type; an exported method of an unexported type is not
        // reachable by name from outside.
        "fundamental.Format method 127",
        "WithStack function 145 exported",
        "withStack.Unwrap method 163",
        "Cause function 275 exported",
      ]),
    );
    expect(result.symbols).toHaveLength(20);
  });

  it("reads const and var blocks, named types and value receivers of google/uuid", async () => {
    const { result } = await analyzeFixture("go/uuid.go", "go");
    expect(describeSymbols(result.symbols).slice(0, 14)).toEqual([
      "UUID type 20 exported",
      "Version type 23 exported",
      "Variant type 26 exported",
      "Invalid variable 30 exported",
      "RFC4122 variable 31 exported",
      "Reserved variable 32 exported",
      "Microsoft variable 33 exported",
      "Future variable 34 exported",
      "randPoolSize variable 37",
      "rander variable 40",
      "poolEnabled variable 41",
      "poolMu variable 42",
      "poolPos variable 43",
      "pool variable 44",
    ]);
    expect(describeSymbols(result.symbols)).toEqual(
      expect.arrayContaining([
        "invalidLengthError class 47",
        "UUID.String method 185 exported",
        "Variant.String method 238 exported",
        "encodeHex function 200",
      ]),
    );
    expect(result.imports).toEqual([
      "bytes",
      "crypto/rand",
      "encoding/hex",
      "errors",
      "fmt",
      "io",
      "strings",
      "sync",
    ]);
    // Each exported function gets its own chunk starting at its doc comment.
    const parse = chunkNamed(result.chunks, "Parse");
    expect(parse.text.startsWith("// Parse decodes s into a UUID")).toBe(true);
    expect(parse.text).toContain("func Parse(s string) (UUID, error) {");
  });

  it("takes an interface and methods of a type declared in another file", async () => {
    const { result } = await analyzeFixture("go/bool.go", "go");
    expect(describeSymbols(result.symbols).slice(0, 3)).toEqual([
      "boolFlag interface 7",
      "boolValue type 13",
      "newBoolValue function 15",
    ]);
    // FlagSet is declared in flag.go; its methods here still carry its name.
    expect(describeSymbols(result.symbols)).toContain("FlagSet.GetBool method 39 exported");
    expect(result.imports).toEqual(["strconv"]);
  });
});
