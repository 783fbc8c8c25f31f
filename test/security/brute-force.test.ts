import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../support/raw-http";
import { type ServerProcess, startServerProcess } from "../support/server-process";

const CODE = "the right code 8c1d";
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({ env: { AUTH_MODE: "access-code", ACCESS_CODE: CODE } });
});
afterAll(async () => {
  await server?.stop();
});

const validate = (code: string, localAddress: string) =>
  rawRequest(server.url, {
    method: "POST",
    path: "/auth/validate",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
    localAddress,
  });

describe("guessing the access code", () => {
  it("2,000 wrong codes from one client: 429 with Retry-After after the limit; the right code still works from another client", async () => {
    const attacker = "127.0.0.11";
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, index) => validate(`guess-${batch}-${index}`, attacker)),
      );
      for (const answer of answers) {
        statuses.push(answer.status);
        if (answer.status === 429) retryAfter = String(answer.headers["retry-after"]);
        if (answer.status === 200) expect(answer.json).toEqual({ success: false });
      }
    }
    const checked = statuses.filter((status) => status === 200).length;
    expect(checked).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1_990);
    expect(Number(retryAfter)).toBeGreaterThan(60);
    // The locked-out client gets nothing even with the right code …
    const locked = await validate(CODE, attacker);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(60);
    // … while another client signs in at once.
    const other = await validate(CODE, "127.0.0.12");
    expect(other.status).toBe(200);
    expect(other.json).toEqual({ success: true });
    expect(server.output()).toMatch(
      /WARN \[auth\] client locked out of sign-in client=127\.0\.0\.11/,
    );
  }, 120_000);

  it("wrong codes as bearer tokens count as failed sign-ins too", async () => {
    const guesser = "127.0.0.13";
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 15; attempt++) {
      const response = await rawRequest(server.url, {
        path: "/api/history",
        headers: { authorization: `Bearer guess-${attempt}` },
        localAddress: guesser,
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(10).every((status) => status === 429)).toBe(true);
    const right = await rawRequest(server.url, {
      path: "/api/history",
      headers: { authorization: `Bearer ${CODE}` },
      localAddress: "127.0.0.14",
    });
    expect(right.status).toBe(200);
  }, 60_000);
});
