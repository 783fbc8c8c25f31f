import type { IncomingMessage } from "node:http";

/** Past the limit, the rest of a body is read and dropped up to this much, then the connection goes. */
const MAX_DISCARD_BYTES = 256 * 1024 * 1024;

/**
 * Counts a request body while it arrives, before anyone reads it: past `limit` bytes the
 * rest is dropped as it comes and `onExceeded` answers. It hooks the stream's producer side
 * (the HTTP parser pushes each piece), so whoever consumes the body (Next.js) reads it as
 * usual and the server never holds more than the limit. The dropped rest is still read, so
 * the client finishes sending and sees the answer instead of a reset connection.
 */
export function limitBody(request: IncomingMessage, limit: number, onExceeded: () => void): void {
  let received = 0;
  let exceeded = false;
  const push = request.push.bind(request);
  request.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null || chunk === undefined) {
      if (!exceeded) return push(chunk, encoding);
      // The body is over and the refusal was sent; the consumer never gets a cut body.
      request.socket.destroySoon();
      return false;
    }
    received += (chunk as Buffer | string).length;
    if (exceeded) {
      if (received > limit + MAX_DISCARD_BYTES) request.socket.destroy();
      return true;
    }
    if (received > limit) {
      exceeded = true;
      onExceeded();
      return true;
    }
    return push(chunk, encoding);
  };
}
