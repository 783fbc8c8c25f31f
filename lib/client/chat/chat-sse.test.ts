import { describe, expect, it } from "vitest";
import { readSseData } from "./chat-sse";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<string[]> {
  const found: string[] = [];
  for await (const data of readSseData(streamOf(chunks))) found.push(data);
  return found;
}

describe("readSseData", () => {
  it("reads each event's data, however the bytes are cut", async () => {
    const text = 'data: {"type":"delta","text":"a"}\n\ndata: {"type":"done"}\n\n';
    const whole = await collect([text]);
    const byChar = await collect([...text]);
    expect(whole).toEqual(['{"type":"delta","text":"a"}', '{"type":"done"}']);
    expect(byChar).toEqual(whole);
  });

  it("joins multi-line data, skips comments and other fields, accepts CRLF", async () => {
    const found = await collect([
      ": keep-alive\r\n\r\nevent: x\r\ndata: one\r",
      "\ndata: two\r\n\r\n",
    ]);
    expect(found).toEqual(["one\ntwo"]);
  });

  it("keeps a multi-byte character split between chunks", async () => {
    const bytes = new TextEncoder().encode("data: 日本\n\n");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 8));
        controller.enqueue(bytes.slice(8));
        controller.close();
      },
    });
    const found: string[] = [];
    for await (const data of readSseData(stream)) found.push(data);
    expect(found).toEqual(["日本"]);
  });

  it("reads an event the stream ended without a blank line after", async () => {
    expect(await collect(["data: last"])).toEqual(["last"]);
  });
});
