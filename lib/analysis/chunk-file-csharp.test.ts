import { describe, expect, it } from "vitest";
import { analyzeFixture, chunkNamed, describeSymbols, lineOf } from "./chunk-test-support";

describe("analyzeFile on C#", () => {
  it("chunks node-gyp's COM interop file per type, attributes included", async () => {
    const { result } = await analyzeFixture("csharp/Find-VisualStudio.cs", "csharp");
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // Comments, usings and the `namespace … {` lines: the namespace is no chunk of its own.
      [1, 15, undefined],
      [16, 25, "InstanceState"],
      [27, 43, "IEnumSetupInstances"],
      [45, 50, "ISetupConfiguration"],
      [52, 69, "ISetupConfiguration2"],
      [71, 76, "ISetupInstance"],
      [78, 129, "ISetupInstance2"],
      [131, 160, "ISetupPackageReference"],
      [162, 172, "ISetupPropertyStore"],
      [174, 179, "SetupConfiguration"],
      [181, 186, "SetupConfigurationClass"],
      // `Main` outgrows a chunk: its header joins the first method, the namespace's `}` the last.
      [188, 217, "Main.PrintJson"],
      [219, 222, "Main.JsonString"],
      [224, 250, "Main.InstanceJson"],
    ]);
    expect(result.chunks[2].text.split("\n")[0].trim()).toBe(
      '[Guid("6380BCFF-41D3-4B2E-8B2E-BF8A6810C848")]',
    );
    expect(result.imports).toEqual([
      "System",
      "System.Text",
      "System.Runtime.InteropServices",
      "System.Collections.Generic",
    ]);
  });

  it("exports public types and members; an interface's members are public", async () => {
    const { result } = await analyzeFixture("csharp/Find-VisualStudio.cs", "csharp");
    const symbols = describeSymbols(result.symbols);
    expect(symbols.slice(0, 4)).toEqual([
      "VisualStudioConfiguration module 14 exported",
      "InstanceState enum 17 exported",
      "IEnumSetupInstances interface 30 exported",
      "IEnumSetupInstances.Next method 33 exported",
    ]);
    expect(symbols).toEqual(
      expect.arrayContaining([
        "Main class 188 exported",
        "Main.PrintJson method 190 exported",
        "Main.JsonString method 219",
      ]),
    );
  });

  it("keeps Newtonsoft.Json's XML doc comments with their members", async () => {
    const { content, result } = await analyzeFixture("csharp/IsoDateTimeConverter.cs", "csharp");
    expect(describeSymbols(result.symbols)).toEqual([
      "Newtonsoft.Json.Converters module 30 exported",
      "IsoDateTimeConverter class 35 exported",
      "IsoDateTimeConverter.WriteJson method 79 exported",
      "IsoDateTimeConverter.ReadJson method 120 exported",
    ]);
    const write = chunkNamed(result.chunks, "IsoDateTimeConverter.WriteJson");
    // The chunk opens on the `/// <summary>` line above the description.
    expect(write.text.split("\n")[0].trim()).toBe("/// <summary>");
    expect(write.startLine + 1).toBe(lineOf(content, "/// Writes the JSON representation"));
    // `#if !NET20` blocks inside a method stay in the method's chunk.
    const read = chunkNamed(result.chunks, "IsoDateTimeConverter.ReadJson");
    expect(read).toMatchObject({ startLine: 112, endLine: 171 });
    expect(read.text).toContain("#if !NET20");
    expect(result.imports).toEqual(["System", "System.Globalization", "Newtonsoft.Json.Utilities"]);
  });
});
