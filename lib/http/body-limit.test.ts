import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holdBody } from "./body-limit";

let server: http.Server;
let base: string;
const held: string[] = [];

beforeAll(async () => {
  server = http.createServer(async (request, response) => {
    const outcome = await holdBody(request, 1_000);
    held.push(outcome);
    if (outcome === "too_large") {
      response.writeHead(413).end();
      return;
    }
    // What a later reader (Next.js) sees: the whole body, untouched.
    let body = "";
    for await (const chunk of request) body += chunk;
    response.end(`read ${body.length}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function post(body: string | ReadableStream<Uint8Array>) {
  const response = await fetch(base, {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
  return { status: response.status, text: await response.text() };
}

describe("holdBody", () => {
  it("hands a body within the limit on whole to whoever reads it later", async () => {
    expect(await post("x".repeat(1_000))).toEqual({ status: 200, text: "read 1000" });
    expect(held.at(-1)).toBe("complete");
  });

  it("refuses a longer body, streamed without a length, and the client gets the answer", async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        if (sent > 8 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    expect((await post(endless)).status).toBe(413);
    expect(held.at(-1)).toBe("too_large");
  });
});
