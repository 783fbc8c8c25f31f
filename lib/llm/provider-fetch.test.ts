import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createProviderFetch } from "./provider-fetch";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A loopback HTTP server that records what it receives and answers with `answer`. */
async function recordingServer(
  answer: (url: string) => { status: number; headers?: Record<string, string> },
) {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers });
    const { status, headers } = answer(request.url ?? "");
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify({ data: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, url, close: () => new Promise((resolve) => server.close(resolve)) };
}

let elsewhere: Awaited<ReturnType<typeof recordingServer>>;
let provider: Awaited<ReturnType<typeof recordingServer>>;

beforeAll(async () => {
  elsewhere = await recordingServer(() => ({ status: 200 }));
  provider = await recordingServer((url) =>
    url.includes("/moved")
      ? { status: 307, headers: { location: `${elsewhere.url}/v1/models` } }
      : url.includes("/same-origin")
        ? { status: 302, headers: { location: "/v1/models" } }
        : { status: 200 },
  );
});
afterAll(async () => {
  await elsewhere.close();
  await provider.close();
});
beforeEach(() => {
  elsewhere.seen.length = 0;
  provider.seen.length = 0;
});

describe("createProviderFetch", () => {
  it("attaches the provider's own key, replacing whatever the SDK put there", async () => {
    const fetch = createProviderFetch(
      { id: "p", kind: "openai-compatible", baseUrl: `${provider.url}/v1`, apiKey: "sk-own" },
      globalThis.fetch,
    );
    await fetch(`${provider.url}/v1/models`, { headers: { authorization: "Bearer sk-from-env" } });
    expect(provider.seen[0].headers.authorization).toBe("Bearer sk-own");
  });

  it("sends no key at all for a provider without one", async () => {
    const fetch = createProviderFetch(
      { id: "p", kind: "openai-compatible", baseUrl: `${provider.url}/v1` },
      globalThis.fetch,
    );
    await fetch(`${provider.url}/v1/models`, { headers: { authorization: "Bearer " } });
    expect(provider.seen[0].headers.authorization).toBeUndefined();
  });

  it.each([
    ["to another server", "/v1/moved"],
    ["on the same server", "/v1/same-origin"],
  ])("follows no redirect %s, with Azure's api-key header either", async (_where, path) => {
    for (const kind of ["openai-compatible", "azure"] as const) {
      const fetch = createProviderFetch(
        { id: "p", kind, baseUrl: `${provider.url}/v1`, apiKey: "sk-own", apiVersion: "1" },
        globalThis.fetch,
      );
      await expect(fetch(`${provider.url}${path}`)).rejects.toThrow(/answered with a redirect/);
    }
    expect(provider.seen).toHaveLength(2);
    expect(elsewhere.seen).toEqual([]);
  });

  it("refuses a request outside the provider's base URL before anything is sent", async () => {
    const fetch = createProviderFetch(
      { id: "p", kind: "openai-compatible", baseUrl: `${provider.url}/v1`, apiKey: "sk-own" },
      globalThis.fetch,
    );
    await expect(fetch(`${elsewhere.url}/v1/models`)).rejects.toThrow(/outside its base URL/);
    await expect(fetch(`${provider.url}/v10/models`)).rejects.toThrow(/outside its base URL/);
    expect([...provider.seen, ...elsewhere.seen]).toEqual([]);
  });

  it("speaks Azure: the key in api-key, never in Authorization, and the api-version on every request", async () => {
    const fetch = createProviderFetch(
      {
        id: "azure",
        kind: "azure",
        baseUrl: `${provider.url}/openai`,
        apiKey: "az-key",
        apiVersion: "2024-10-21",
      },
      globalThis.fetch,
    );
    await fetch(`${provider.url}/openai/deployments/gpt-4o/chat/completions`, {
      method: "POST",
      body: "{}",
      headers: { authorization: "Bearer ", "content-type": "application/json" },
    });
    expect(provider.seen[0]).toMatchObject({
      method: "POST",
      url: "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    });
    expect(provider.seen[0].headers["api-key"]).toBe("az-key");
    expect(provider.seen[0].headers.authorization).toBeUndefined();
  });
});
