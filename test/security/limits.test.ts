import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatOverSocket } from "../support/chat-client";
import { FixtureRepo } from "../support/fixture-repo";
import { rawRequest } from "../support/raw-http";
import { type ServerProcess, startServerProcess } from "../support/server-process";

// Budgets belong to whoever spends them: a session (or, with no sign-in at all, a client
// address). Many users behind one address, or many addresses, are each served.
const CODE = "limits-code-5b2e";
let guarded: ServerProcess;
let open: ServerProcess;
let repoDir: string;

beforeAll(async () => {
  const fixture = FixtureRepo.inNewRoot("limits");
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "src/retry.ts": "export function retryWithBackoff() {\n  return 1;\n}\n",
    "README.md": "# Limits\n",
  });
  fixture.repo.commit("first");
  const env = { CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot };
  [guarded, open] = await Promise.all([
    startServerProcess({ env: { ...env, AUTH_MODE: "access-code", ACCESS_CODE: CODE } }),
    startServerProcess({ env }),
  ]);
  // Index once on each so chats answer from the index (no model: ranked passages).
  for (const server of [guarded, open]) {
    const outcome = await chatOverSocket(server.url, ask("warm up"), {
      headers: server === guarded ? { authorization: `Bearer ${CODE}` } : {},
    });
    expect(outcome.code).toBe(1000);
  }
}, 180_000);
afterAll(async () => {
  await Promise.all([guarded?.stop(), open?.stop()]);
});

const ask = (content: string) => ({ repo_url: repoDir, messages: [{ role: "user", content }] });

async function sessionCookie(localAddress?: string): Promise<string> {
  const response = await rawRequest(guarded.url, {
    method: "POST",
    path: "/auth/validate",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: CODE }),
    localAddress,
  });
  return (response.headers["set-cookie"]?.[0] ?? "").split(";")[0];
}

describe("rate limits by principal", () => {
  it("200 concurrent chats of 200 different sessions from one address are all served", async () => {
    const cookies = await Promise.all(Array.from({ length: 200 }, () => sessionCookie()));
    expect(new Set(cookies).size).toBe(200);
    const outcomes = await Promise.all(
      cookies.map((cookie, index) =>
        chatOverSocket(guarded.url, ask(`retry question ${index}`), { headers: { cookie } }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.code)).toEqual(cookies.map(() => 1000));
  }, 120_000);

  it("200 concurrent chats from 200 addresses in none mode are all served", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        chatOverSocket(open.url, ask(`retry question ${index}`), {
          localAddress: `127.0.${1 + Math.floor(index / 200)}.${1 + (index % 200)}`,
        }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.code)).toEqual(outcomes.map(() => 1000));
  }, 120_000);

  it("one principal past its chat budget gets 1008 with the reason, and 429 with Retry-After over HTTP; others are unaffected", async () => {
    const cookie = await sessionCookie();
    const outcomes = await Promise.all(
      Array.from({ length: 80 }, () =>
        chatOverSocket(guarded.url, ask("retry"), { headers: { cookie } }),
      ),
    );
    const refused = outcomes.filter((outcome) => outcome.code === 1008);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].frames).toEqual(["Error: Too many requests; slow down"]);
    // The bucket refills a little while those run: a few more over HTTP empty it again.
    const overHttp = await Promise.all(
      Array.from({ length: 10 }, () =>
        rawRequest(guarded.url, {
          method: "POST",
          path: "/api/chat/stream",
          headers: { "content-type": "application/json", cookie },
          body: JSON.stringify(ask("retry")),
        }),
      ),
    );
    const limited = overHttp.find((response) => response.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited?.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    const other = await chatOverSocket(guarded.url, ask("retry"), {
      headers: { cookie: await sessionCookie() },
    });
    expect(other.code).toBe(1000);
  }, 120_000);

  it("unauthenticated requests have their own bucket: a flood from an address does not exhaust a signed-in user there", async () => {
    const address = "127.0.9.9";
    const cookie = await sessionCookie(address);
    const flood = await Promise.all(
      Array.from({ length: 300 }, () =>
        rawRequest(guarded.url, { path: "/api/history", localAddress: address }),
      ),
    );
    expect(flood.some((response) => response.status === 429)).toBe(true);
    expect(flood.every((response) => [401, 429].includes(response.status))).toBe(true);
    const mine = await rawRequest(guarded.url, {
      path: "/api/history",
      headers: { cookie },
      localAddress: address,
    });
    expect(mine.status).toBe(200);
    const chat = await chatOverSocket(guarded.url, ask("retry"), {
      headers: { cookie },
      localAddress: address,
    });
    expect(chat.code).toBe(1000);
  }, 120_000);

  it("run starts are limited per principal with 429 and Retry-After", async () => {
    const start = (localAddress: string) =>
      rawRequest(open.url, {
        method: "POST",
        path: "/api/runs",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ kind: "test.steps", input: { steps: 1, delay_ms: 1 } }),
        localAddress,
      });
    // A burst from one client: 120 at once, then about two a second. On a loaded machine a
    // burst can take long enough to refill, so it goes on until one is limited.
    const began = Date.now();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof start>> | undefined;
    for (let batch = 130; !limited && statuses.length < 600; batch = 30) {
      const responses = await Promise.all(Array.from({ length: batch }, () => start("127.0.8.8")));
      statuses.push(...responses.map((response) => response.status));
      limited = responses.find((response) => response.status === 429);
    }
    expect(limited).toBeDefined();
    expect(Number(limited?.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    // What was let through is the budget and its refill over the time taken, no more.
    const seconds = (Date.now() - began) / 1000;
    const allowed = statuses.filter((status) => status === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(120);
    expect(allowed).toBeLessThanOrEqual(120 + Math.ceil(seconds * 2) + 1);
    // Another client address (another local user) starts at once.
    expect((await start("127.0.8.9")).status).toBe(200);
  }, 60_000);
});
