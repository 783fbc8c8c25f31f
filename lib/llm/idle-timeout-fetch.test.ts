import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { createIdleTimeoutFetch, ModelIdleTimeoutError } from "./idle-timeout-fetch";

const IDLE_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A provider that misbehaves as each path says. */
const routes: Record<string, (response: ServerResponse) => Promise<void> | void> = {
  "/silent": () => {
    // Accepts the request and never answers.
  },
  "/stalls-mid-body": (response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write("data: first\n\n");
  },
  "/trickles": async (response) => {
    response.writeHead(200, { "content-type": "text/plain" });
    // Five pieces, each well inside the idle timeout, over longer than the timeout in all.
    for (let piece = 0; piece < 5; piece++) {
      await sleep(IDLE_MS / 2);
      if (response.destroyed) return;
      response.write(`piece ${piece}\n`);
    }
    response.end("end\n");
  },
};

let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((request, response) => void routes[request.url ?? ""]?.(response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const idleFetch = createIdleTimeoutFetch({ idleMs: IDLE_MS });

async function failureOf(
  work: () => Promise<unknown>,
): Promise<{ error: unknown; afterMs: number }> {
  const started = Date.now();
  const error = await work().then(
    () => null,
    (caught: unknown) => caught,
  );
  return { error, afterMs: Date.now() - started };
}

describe("the model fetch's idle timeout", () => {
  it("aborts a request whose provider sends no headers, with a reason a user can read", async () => {
    const { error, afterMs } = await failureOf(() => idleFetch(`${base}/silent`));
    expect(error).toBeInstanceOf(ModelIdleTimeoutError);
    expect(isAppError(error) && error.code).toBe("unavailable:model");
    expect((error as Error).message).toBe("The model sent nothing for 0.3 s");
    expect(afterMs).toBeGreaterThanOrEqual(IDLE_MS - 20);
    expect(afterMs).toBeLessThan(IDLE_MS * 5);
  });

  it("aborts a body that stops arriving midway", async () => {
    const response = await idleFetch(`${base}/stalls-mid-body`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("data: first\n\n");
    const { error, afterMs } = await failureOf(() => reader.read());
    expect(error).toBeInstanceOf(ModelIdleTimeoutError);
    expect(afterMs).toBeLessThan(IDLE_MS * 5);
  });

  it("lets a slow but steady stream run longer than the timeout in all", async () => {
    const started = Date.now();
    const response = await idleFetch(`${base}/trickles`);
    const text = await response.text();
    expect(text).toBe("piece 0\npiece 1\npiece 2\npiece 3\npiece 4\nend\n");
    expect(Date.now() - started).toBeGreaterThan(IDLE_MS * 2);
  });

  it("does not count time the reader spends elsewhere", async () => {
    const response = await idleFetch(`${base}/trickles`);
    const reader = response.body!.getReader();
    await reader.read();
    // The consumer dawdles past the timeout; the provider kept sending meanwhile.
    await sleep(IDLE_MS * 2);
    let text = "";
    for (let part = await reader.read(); !part.done; part = await reader.read())
      text += new TextDecoder().decode(part.value);
    expect(text).toContain("end\n");
  });

  it("still lets the caller abort, with the caller's reason", async () => {
    const caller = new AbortController();
    setTimeout(() => caller.abort(), IDLE_MS / 3);
    const { error, afterMs } = await failureOf(() =>
      idleFetch(`${base}/silent`, { signal: caller.signal }),
    );
    expect(error).not.toBeInstanceOf(ModelIdleTimeoutError);
    expect((error as Error).name).toBe("AbortError");
    expect(afterMs).toBeLessThan(IDLE_MS);
  });

  it("still lets the caller abort while the body streams", async () => {
    const caller = new AbortController();
    const response = await idleFetch(`${base}/stalls-mid-body`, { signal: caller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    setTimeout(() => caller.abort(), IDLE_MS / 3);
    const { error } = await failureOf(() => reader.read());
    expect(error).not.toBeInstanceOf(ModelIdleTimeoutError);
    expect((error as Error).name).toBe("AbortError");
  });
});
