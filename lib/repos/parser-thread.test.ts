import { afterEach, describe, expect, it } from "vitest";
import { parseFile } from "./parse-file";
import { ParserThread } from "./parser-thread";

const threads: ParserThread[] = [];
const threadOf = (options: ConstructorParameters<typeof ParserThread>[0] = {}) => {
  const thread = new ParserThread(options);
  threads.push(thread);
  return thread;
};
const misbehaving = new URL("./fixtures/misbehaving-parser-entry.ts", import.meta.url);
const file = (path: string, text = "x\n") => ({ path, bytes: Buffer.from(text) });

afterEach(async () => {
  await Promise.all(threads.splice(0).map((thread) => thread.close()));
});

describe("ParserThread", () => {
  it("parses on its own thread exactly as in this one, starting the thread once", async () => {
    const thread = threadOf();
    thread.warm();
    const source = "export function total(lines: number[]): number {\n  return lines.length;\n}\n";
    // Bytes inside a larger buffer, as git's output gives them.
    const big = Buffer.from(`${"#".repeat(1000)}${source}`);
    const inside = { path: "src/total.ts", bytes: big.subarray(1000) };
    const [parsed, binary] = await Promise.all([
      thread.parse(inside),
      thread.parse({ path: "logo.ts", bytes: Buffer.from([0, 1, 2]) }),
    ]);
    expect(parsed).toEqual(await parseFile(inside));
    expect(parsed).toMatchObject({ kind: "parsed", language: "typescript" });
    expect(binary).toEqual({ kind: "skipped", reason: "binary" });
    thread.warm();
    expect(thread.started).toBe(1);
  });

  it("ends its thread when idle and starts another for the next file", async () => {
    const thread = threadOf({ idleMs: 200 });
    expect(await thread.parse(file("a.py", "x = 1\n"))).toMatchObject({ kind: "parsed" });
    expect(thread.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(thread.running).toBe(false);
    expect(await thread.parse(file("b.py", "y = 2\n"))).toMatchObject({ kind: "parsed" });
    expect(thread.started).toBe(2);
  });

  it("gives up a file its thread dies or hangs on, and parses the files after it on a new thread", async () => {
    const thread = threadOf({ entry: misbehaving, fileTimeoutMs: 1_000 });
    const results = await Promise.all(
      ["a.ts", "crash.ts", "b.ts", "hang.ts", "c.ts"].map((name) =>
        thread.parse(file(`src/${name}`, name)),
      ),
    );
    expect(
      results.map((result) => (result.kind === "parsed" ? result.text : result.reason)),
    ).toEqual(["a.ts", "unparseable", "b.ts", "unparseable", "c.ts"]);
    expect(thread.started).toBe(3);
  });

  it("fails what waits when its thread cannot start, and tries a new thread for the next file", async () => {
    const thread = threadOf({ entry: new URL("./fixtures/no-such-entry.ts", import.meta.url) });
    await expect(thread.parse(file("a.ts"))).rejects.toThrow("The parser stopped working");
    await expect(thread.parse(file("b.ts"))).rejects.toThrow("The parser stopped working");
    expect(thread.started).toBe(2);
  });

  it("stops on close: what waits fails, nothing more is taken", async () => {
    const thread = threadOf({ entry: misbehaving, fileTimeoutMs: 60_000 });
    const waiting = expect(thread.parse(file("hang.ts"))).rejects.toThrow("shutting down");
    await new Promise((resolve) => setTimeout(resolve, 200));
    await thread.close();
    await waiting;
    await expect(thread.parse(file("a.ts"))).rejects.toThrow("shutting down");
  });
});
