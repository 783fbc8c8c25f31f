import { describe, expect, it } from "vitest";
import { analyzeFixture, chunkNamed, describeSymbols, lineOf } from "./chunk-test-support";

describe("analyzeFile on Java", () => {
  it("splits Okio's AsyncTimeout into its methods, Javadoc kept above each", async () => {
    const { content, result } = await analyzeFixture("java/AsyncTimeout.java", "java");
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // License, package and imports.
      [1, 23, undefined],
      // The class Javadoc, header and fields.
      [25, 70, "AsyncTimeout"],
      [72, 81, "AsyncTimeout.enter"],
      [83, 116, "AsyncTimeout.scheduleTimeout"],
      [118, 123, "AsyncTimeout.exit"],
      [125, 138, "AsyncTimeout.cancelScheduledTimeout"],
      [140, 146, "AsyncTimeout.remainingNanos"],
      [148, 153, "AsyncTimeout.timedOut"],
      [155, 225, "AsyncTimeout.sink"],
      [227, 268, "AsyncTimeout.source"],
      [270, 277, "AsyncTimeout.exit"],
      [279, 287, "AsyncTimeout.exit"],
      [289, 300, "AsyncTimeout.newTimeoutException"],
      // A nested class small enough for one chunk stays whole.
      [302, 332, "AsyncTimeout.Watchdog"],
      [334, 371, "AsyncTimeout.awaitTimeout"],
    ]);
    const sink = chunkNamed(result.chunks, "AsyncTimeout.sink");
    expect(sink.text.split("\n")[0].trim()).toBe("/**");
    expect(sink.text).toContain("public final Sink sink(final Sink sink) {");
    // The `/**` line opens the Javadoc above the method.
    expect(sink.startLine + 1).toBe(lineOf(content, "Returns a new sink that delegates to"));
  });

  it("exports public members of public types; nested types keep the outer name", async () => {
    const { result } = await analyzeFixture("java/AsyncTimeout.java", "java");
    expect(describeSymbols(result.symbols)).toEqual(
      expect.arrayContaining([
        "AsyncTimeout class 41 exported",
        "AsyncTimeout.enter method 72 exported",
        "AsyncTimeout.scheduleTimeout method 83",
        // Package-private and protected are not part of the public surface.
        "AsyncTimeout.timedOut method 152",
        "AsyncTimeout.Watchdog class 302",
        "AsyncTimeout.Watchdog.Watchdog method 303",
        "AsyncTimeout.Watchdog.run method 308",
      ]),
    );
    expect(result.imports).toEqual([
      "java.io.IOException",
      "java.io.InterruptedIOException",
      "java.util.concurrent.TimeUnit",
      "javax.annotation.Nullable",
      "okio.Util.checkOffsetAndCount",
    ]);
  });

  it("treats an interface's methods as public, overloads under one name", async () => {
    const { result } = await analyzeFixture("java/BufferedSink.java", "java");
    const symbols = describeSymbols(result.symbols);
    expect(symbols.slice(0, 4)).toEqual([
      "BufferedSink interface 27 exported",
      "BufferedSink.buffer method 29 exported",
      // Three overloads of write: one symbol, at the first.
      "BufferedSink.write method 31 exported",
      "BufferedSink.writeAll method 49 exported",
    ]);
    expect(symbols).toContain("BufferedSink.outputStream method 336 exported");
    expect(chunkNamed(result.chunks, "BufferedSink.writeLong").text).toContain(
      "BufferedSink writeLong(long v) throws IOException;",
    );
  });
});

describe("analyzeFile on Kotlin", () => {
  it("reads kotlinx.coroutines' Mutex: interface, top-level functions, nested classes", async () => {
    const { result } = await analyzeFixture("kotlin/Mutex.kt", "kotlin");
    const symbols = describeSymbols(result.symbols);
    expect(symbols.slice(0, 8)).toEqual([
      "Mutex interface 27 exported",
      "Mutex.tryLock method 39 exported",
      "Mutex.lock method 64 exported",
      "Mutex.holdsLock method 78 exported",
      "Mutex.unlock method 87 exported",
      // A factory function named like the interface it builds.
      "Mutex function 97 exported",
      // An extension function is a function of the file.
      "withLock function 107 exported",
      "LOCK_FAIL variable 116",
    ]);
    expect(symbols).toEqual(
      expect.arrayContaining([
        "MutexImpl class 132",
        "MutexImpl.tryLock method 154",
        "MutexImpl.TryLockDesc class 260",
        "MutexImpl.TryLockDesc.PrepareOp.perform method 266",
        "MutexImpl.UnlockOp.perform method 393",
      ]),
    );
    expect(result.imports).toEqual([
      "kotlinx.atomicfu",
      "kotlinx.coroutines",
      "kotlinx.coroutines.internal",
      "kotlinx.coroutines.intrinsics",
      "kotlinx.coroutines.selects",
      "kotlin.coroutines",
      "kotlin.jvm",
    ]);
  });

  it("chunks Mutex along its declarations, an annotation line kept with its function", async () => {
    const { content, result } = await analyzeFixture("kotlin/Mutex.kt", "kotlin");
    // `@Suppress("FunctionName")` on a line of its own, then the KDoc above it.
    const factory = chunkNamed(result.chunks, "Mutex");
    expect(factory).toMatchObject({ startLine: 15, endLine: 31 });
    const builder = result.chunks.find((chunk) => chunk.text.includes("public fun Mutex(locked"));
    expect(builder).toMatchObject({ startLine: 90, endLine: 98, symbol: "Mutex" });
    expect(builder?.text).toContain('@Suppress("FunctionName")');
    const unlock = chunkNamed(result.chunks, "MutexImpl.unlock");
    expect(unlock.startLine).toBe(lineOf(content, "public override fun unlock(owner: Any?) {"));
    expect(chunkNamed(result.chunks, "MutexImpl.UnlockOp").startLine).toBe(
      lineOf(content, "// atomic unlock operation that checks that waiters queue is empty"),
    );
  });

  it("reads enum classes and data classes with a companion object", async () => {
    const start = await analyzeFixture("kotlin/CoroutineStart.kt", "kotlin");
    expect(describeSymbols(start.result.symbols)).toEqual([
      "CoroutineStart enum 21 exported",
      "CoroutineStart.invoke method 88 exported",
    ]);
    expect(start.result.chunks.map((chunk) => [chunk.startLine, chunk.endLine])).toEqual([
      [1, 9],
      [11, 75],
      [77, 94],
      [96, 113],
      [115, 122],
    ]);
    const name = await analyzeFixture("kotlin/CoroutineName.kt", "kotlin");
    expect(describeSymbols(name.result.symbols)).toEqual([
      "CoroutineName class 14 exported",
      "CoroutineName.toString method 28 exported",
    ]);
  });
});
