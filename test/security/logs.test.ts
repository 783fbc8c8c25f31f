import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../support/clients";
import { FixtureRepo } from "../support/fixture-repo";
import { type ServerProcess, startServerProcess } from "../support/server-process";

// Secrets with and without a recognisable shape, made fresh per run.
const accessCode = `logs-test-code-${randomBytes(12).toString("hex")}`;
const apiKey = `sk-${randomBytes(24).toString("hex")}`;
const githubToken = `ghp_${randomBytes(18).toString("hex")}`;
const opaqueToken = `opaque${randomBytes(10).toString("hex")}`;
const secrets = { accessCode, apiKey, githubToken, opaqueToken };

const asBearer = { authorization: `Bearer ${accessCode}` };
const asCookie = { cookie: `theme=dark; cartograph_access=${accessCode}` };

/**
 * An OpenAI-compatible provider that refuses the key and quotes it back in its error, as
 * real providers do ("Incorrect API key provided: sk-…"), so a failed chat puts the key
 * and the Authorization header into the error the server logs.
 */
async function startRefusingProvider(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url?.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: [{ id: "fixture-chat" }] }));
    }
    const quoted = `Incorrect API key provided: ${req.headers.authorization?.slice(7)}.`;
    res.writeHead(401, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        error: {
          message: `${quoted} Request headers: ${JSON.stringify(req.headers)}`,
          type: "invalid_request_error",
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

/** A raw request, so Host and Origin can be anything an attacker sends. */
function rawRequest(
  base: string,
  options: { path: string; method?: string; headers: Record<string, string> },
): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, ...options }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

const chatAbout = (repoDir: string) => ({
  repo_url: repoDir,
  messages: [{ role: "user", content: "How is the invoice total calculated?" }],
});

async function failingChat(base: string, repoDir: string): Promise<string> {
  const { status, body } = await api<string>(base, "/api/chat/stream", {
    method: "POST",
    headers: asBearer,
    json: chatAbout(repoDir),
  });
  expect(status).toBe(200);
  return body;
}

const logLines = (output: string, levels: string) =>
  output.split("\n").filter((line) => new RegExp(`^\\S+Z (?:${levels}) \\[`).test(line));

let provider: { url: string; server: Server };
let repoDir: string;
let serverEnv: Record<string, string>;
let debugServer: ServerProcess;
let warnServer: ServerProcess | undefined;

beforeAll(async () => {
  provider = await startRefusingProvider();
  const fixture = FixtureRepo.inNewRoot("shop");
  repoDir = fixture.repo.dir;
  fixture.repo.write({ "src/billing.ts": "export const total = (a: number[]) => a.length;\n" });
  fixture.repo.commit("first");
  serverEnv = {
    AUTH_MODE: "access-code",
    ACCESS_CODE: accessCode,
    OPENAI_API_KEY: apiKey,
    OPENAI_BASE_URL: provider.url,
    CHAT_MODEL: "fixture-chat",
    CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
  };
  debugServer = await startServerProcess({ env: { ...serverEnv, LOG_LEVEL: "debug" } });
});

afterAll(async () => {
  await debugServer?.stop();
  await warnServer?.stop();
  await new Promise((resolve) => provider?.server.close(resolve));
});

describe("the server log", () => {
  it("never holds the access code, the provider key or repository tokens", async () => {
    const base = debugServer.url;
    // Credentials where clients put them, and near misses that are refused.
    expect((await api(base, "/api/repos", { headers: asBearer })).status).toBe(200);
    // The code in a cookie opens nothing (sessions hold it), but must not be logged either.
    expect((await api(base, "/api/repos", { headers: asCookie })).status).toBe(401);
    const nearMiss = { authorization: `Bearer ${accessCode}x` };
    expect((await api(base, "/api/repos", { headers: nearMiss })).status).toBe(401);
    await rawRequest(base, { path: "/api/repos", headers: { ...asBearer, host: "evil.example" } });
    await rawRequest(base, {
      path: "/api/repos",
      method: "POST",
      headers: { ...asCookie, origin: "https://evil.example" },
    });

    // A model provider that fails and quotes the key and headers back.
    const answer = await failingChat(base, repoDir);
    expect(answer).toContain("Error:");
    expect(answer).not.toContain(apiKey);

    // Repository URLs and token fields with credentials in them.
    for (const repo_url of [
      `https://oauth2:${githubToken}@github.com/o/r`,
      `https://user:${opaqueToken}@gitlab.example.com/g/p?private_token=${opaqueToken}`,
    ]) {
      const refused = await api(base, "/api/repos", {
        method: "POST",
        headers: asBearer,
        json: { repo_url, token: opaqueToken, access_token: githubToken },
      });
      expect(refused.status).toBe(400);
    }

    // A sequence number past the column's range, with a token in the query: bad input, not a 500.
    const run = await api<{ research_id: string }>(base, "/api/runs", {
      method: "POST",
      headers: asBearer,
      json: { kind: "test.steps", input: { steps: 1, delay_ms: 0 } },
    });
    expect(run.status).toBe(200);
    const internal = await api(
      base,
      `/api/research/${run.body.research_id}/logs?after_seq=${Number.MAX_SAFE_INTEGER}&access_token=${opaqueToken}`,
      { headers: asBearer },
    );
    expect(internal.status).toBe(400);

    await debugServer.stop();
    const output = debugServer.output();
    // The failures were logged, so the absence below is redaction, not silence.
    expect(output).toMatch(
      /ERROR \[chat\] model stream failed .*Incorrect API key provided: \*\*\*/,
    );
    for (const [name, secret] of Object.entries(secrets)) {
      expect(output.includes(secret), `${name} in the log`).toBe(false);
      expect(output.includes(encodeURIComponent(secret)), `${name} in the log`).toBe(false);
    }
    expect(logLines(output, "INFO")).toContainEqual(expect.stringContaining("SIGTERM received"));
  });

  it("writes no info or debug lines with LOG_LEVEL=warn", async () => {
    warnServer = await startServerProcess({ env: { ...serverEnv, LOG_LEVEL: "warn" } });
    await failingChat(warnServer.url, repoDir);
    await warnServer.stop();
    const output = warnServer.output();
    expect(logLines(output, "ERROR")).toContainEqual(
      expect.stringContaining("model stream failed"),
    );
    expect(logLines(output, "INFO|DEBUG")).toEqual([]);
  });
});
