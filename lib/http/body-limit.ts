import type { IncomingMessage } from "node:http";

export type HeldBody = "complete" | "too_large" | "aborted";

/**
 * Reads a request body up to `limit` bytes before anyone else sees it, counting while it
 * arrives. It hooks the stream's producer side (the HTTP parser pushes each piece), holding
 * the pieces back until the body is complete, then hands them on unchanged, so whoever
 * consumes the request later (Next.js) reads it as usual. Past the limit, nothing more is
 * kept: the rest is read off the wire and dropped, so the client finishes sending and sees
 * the refusal instead of a reset connection, and the server never holds more than `limit`.
 */
export function holdBody(request: IncomingMessage, limit: number): Promise<HeldBody> {
  return new Promise((resolve) => {
    const push = request.push.bind(request);
    const held: { chunk: unknown; encoding?: BufferEncoding }[] = [];
    let received = 0;
    let state: "holding" | "released" | "dropping" = "holding";
    request.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (state === "released") return push(chunk, encoding);
      if (chunk === null || chunk === undefined) {
        if (state === "dropping") return push(null);
        state = "released";
        for (const piece of held) push(piece.chunk, piece.encoding);
        held.length = 0;
        resolve("complete");
        return push(null);
      }
      if (state === "dropping") return true;
      received += (chunk as Buffer | string).length;
      if (received > limit) {
        state = "dropping";
        held.length = 0;
        resolve("too_large");
        return true;
      }
      held.push({ chunk, encoding });
      return true;
    };
    request.once("close", () => {
      if (state === "holding") resolve("aborted");
    });
    // Nothing reads the stream meanwhile (that would mark it disturbed for Next.js): the
    // parser keeps pushing because every push here answers `true`.
  });
}
