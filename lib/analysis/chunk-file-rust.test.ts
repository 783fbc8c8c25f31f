import { describe, expect, it } from "vitest";
import { analyzeFixture, chunkNamed, describeSymbols, lineOf } from "./chunk-test-support";

describe("analyzeFile on Rust", () => {
  it("splits semver's big impl block into its methods, attributes and comments attached", async () => {
    const { content, result } = await analyzeFixture("rust/identifier.rs", "rust");
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // The module comment and the `use` lines are glue.
      [1, 74, undefined],
      [76, 81, "PTR_BYTES, TAIL_BYTES"],
      // `#[repr(C, align(8))]` stays with its struct.
      [83, 87, "Identifier"],
      // `impl Identifier {` is too big for one chunk: it joins its first method.
      [89, 101, "Identifier.empty"],
      [103, 153, "Identifier.new_unchecked"],
      [155, 164, "Identifier.is_empty"],
      [166, 169, "Identifier.is_inline"],
      [171, 174, "Identifier.is_empty_or_inline"],
      [176, 187, "Identifier.as_str"],
      // Trait impls small enough stay whole, labelled with their type.
      [189, 222, "Identifier"],
      [224, 242, "Identifier"],
      [244, 256, "Identifier"],
      [258, 259, "Identifier"],
      [261, 277, "ptr_to_repr"],
      [279, 290, "repr_to_ptr"],
      [292, 294, "repr_to_ptr_mut"],
      [296, 324, "inline_len"],
      [326, 338, "inline_as_str"],
      [340, 384, "decode_len"],
      [386, 396, "ptr_as_str"],
      [398, 406, "bytes_for_varint"],
    ]);
    const unchecked = chunkNamed(result.chunks, "Identifier.new_unchecked");
    expect(unchecked.startLine).toBe(lineOf(content, "// SAFETY: string must be ASCII"));
    expect(unchecked.text).toContain("pub(crate) unsafe fn new_unchecked(string: &str) -> Self {");
  });

  it("names impl methods after the type, trait methods public with the trait", async () => {
    const { result } = await analyzeFixture("rust/identifier.rs", "rust");
    expect(describeSymbols(result.symbols)).toEqual(
      expect.arrayContaining([
        "PTR_BYTES variable 76",
        "Identifier class 84 exported",
        "Identifier.new_unchecked method 104 exported",
        // No `pub`: private to the module.
        "Identifier.is_inline method 166",
        // Methods of a trait impl are as public as the trait.
        "Identifier.clone method 190 exported",
        "Identifier.drop method 225 exported",
        "decode_len function 347",
      ]),
    );
    // The impl blocks name no symbol of their own.
    expect(result.symbols.filter((symbol) => symbol.name === "Identifier")).toHaveLength(1);
    expect(result.imports).toEqual([
      "crate::alloc::alloc",
      "core::mem",
      "core::num",
      "core::ptr",
      "core::slice",
      "core::str",
    ]);
  });

  it("reads anyhow's traits, blanket impls and inline modules", async () => {
    const { result } = await analyzeFixture("rust/context.rs", "rust");
    expect(describeSymbols(result.symbols)).toEqual([
      "ext module 9",
      "StdError interface 12 exported",
      "StdError.ext_context method 13 exported",
      // `impl StdError for Error`: the methods of Error.
      "Error.ext_context method 33 exported",
      "Result.context method 46 exported",
      "Result.with_context method 58 exported",
      "Option.context method 91 exported",
      "Option.with_context method 103 exported",
      "ContextError.fmt method 120 exported",
      "ContextError.source method 142 exported",
      "ContextError.provide method 147 exported",
      "Quoted class 166",
      "Quoted.fmt method 172 exported",
      "Quoted.write_str method 181 exported",
      "private module 186 exported",
      "Sealed interface 189 exported",
    ]);
    // A blanket `impl<E> StdError for E` is labelled with its trait, attribute included.
    expect(result.chunks[1]).toMatchObject({ startLine: 18, endLine: 30, symbol: "StdError" });
    expect(result.chunks[1].text.split("\n")[0].trim()).toBe('#[cfg(feature = "std")]');
    expect(result.imports).toEqual([
      "crate::error::ContextError",
      "crate",
      "core::convert::Infallible",
      "core::fmt",
      "std::any",
      "super",
    ]);
  });
});
