/**
 * The `data:` payload of every event of a server-sent event stream, in order (the lines of
 * one event joined by newlines). Comments and other fields are skipped; an event cut off
 * by the end of the stream is still read.
 */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      // A "\r" at the very end may be the first half of a "\r\n" still on its way.
      const settled = buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
      const text = buffer.slice(0, settled).replace(/\r\n?/g, "\n");
      const events = text.split("\n\n");
      buffer = (events.pop() ?? "") + buffer.slice(settled);
      for (const event of events) {
        const data = dataOf(event);
        if (data !== null) yield data;
      }
    }
    buffer += decoder.decode();
    const data = dataOf(buffer.replace(/\r\n?/g, "\n"));
    if (data !== null) yield data;
  } finally {
    // A consumer that stops early releases the connection too; after the end this is a no-op.
    reader.cancel().catch(() => {});
  }
}

function dataOf(event: string): string | null {
  const lines = event
    .split("\n")
    .filter((line) => line === "data" || line.startsWith("data:"))
    .map((line) => line.slice(5).replace(/^ /, ""));
  return lines.length > 0 ? lines.join("\n") : null;
}
