import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartWikiResponse, WikiView } from "../../lib/protocol/wiki";
import { chatOverSocket } from "../support/chat-client";
import { api, waitForStatus } from "../support/clients";
import { FixtureRepo } from "../support/fixture-repo";
import { type ChatCall, ModelFixture } from "../support/model-fixture";
import { type ServerProcess, startServerProcess } from "../support/server-process";
import { wikiResponder, wikiShopFiles } from "../support/wiki-fixture";

// Issue #11 item 9: a model or a git remote that falls silent ends the work with a clear
// reason within the configured timeouts, instead of holding it open for ever.
const MODEL_IDLE_TIMEOUT_MS = 1_500;
const GIT_TIMEOUT_MS = 2_000;
const MODEL_REASON = "The model sent nothing for 1.5 s";
/** An address of the loopback range nothing else uses, for the silent git remote. */
const SILENT_REMOTE_HOST = "127.0.0.77";

let model: ModelFixture;
let server: ServerProcess;
let fixture: { allowedRoot: string; repo: FixtureRepo };
/** Which model calls fall silent; each test says. */
let stallWhen: (call: ChatCall) => boolean = () => false;

const textOf = (call: ChatCall) => call.messages.map((message) => message.content).join("\n");
const pageIdOf = (call: ChatCall) => /^Page: .+ \(id ([\w-]+)\)$/m.exec(textOf(call))?.[1];

beforeAll(async () => {
  model = await new ModelFixture({
    respond: wikiResponder({}),
    stall: "mid-answer",
    stallIf: (call) => stallWhen(call),
  }).start();
  fixture = FixtureRepo.inNewRoot("shop");
  fixture.repo.write(wikiShopFiles).commit("first");
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
      CARTOGRAPH_ALLOW_PRIVATE_HOSTS: "true",
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
      MODEL_IDLE_TIMEOUT_MS: String(MODEL_IDLE_TIMEOUT_MS),
      GIT_TIMEOUT_MS: String(GIT_TIMEOUT_MS),
    },
  });
  // Index the repository once, so the timings below measure the model alone.
  const added = await api<{ research_id: string | null }>(server.url, "/api/repos", {
    method: "POST",
    json: { repo_url: fixture.repo.dir },
  });
  if (added.body.research_id)
    await waitForStatus(server.url, added.body.research_id, ["completed"], 60_000);
});

afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  repo_url: fixture.repo.dir,
  messages: [{ role: "user", content }],
  ...extra,
});

describe("a model that stalls", () => {
  it("ends a chat over /ws/chat with the reason and close 1011 within the timeout", async () => {
    stallWhen = (call) => textOf(call).includes("STALL-WS");
    const started = Date.now();
    const outcome = await chatOverSocket(server.url, ask("STALL-WS: how are totals computed?"));
    const elapsed = Date.now() - started;
    expect(outcome.code).toBe(1011);
    expect(outcome.frames.at(-1)).toBe(`Error: ${MODEL_REASON}`);
    // What the model sent before it fell silent was streamed.
    expect(outcome.frames.join("")).toMatch(/^Partly /);
    expect(elapsed).toBeGreaterThanOrEqual(MODEL_IDLE_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(MODEL_IDLE_TIMEOUT_MS + 4_000);
  });

  it("says so in events mode too", async () => {
    stallWhen = (call) => textOf(call).includes("STALL-EVENTS");
    const outcome = await chatOverSocket(
      server.url,
      ask("STALL-EVENTS: how are totals computed?", { stream: "events" }),
    );
    expect(outcome.code).toBe(1011);
    expect(JSON.parse(outcome.frames.at(-1) ?? "{}")).toEqual({
      type: "error",
      code: "unavailable:model",
      message: MODEL_REASON,
    });
  });

  it("ends the HTTP fallback's answer with the reason, even when the model sent no headers", async () => {
    stallWhen = (call) => textOf(call).includes("STALL-HTTP");
    model.options.stall = "before-headers";
    try {
      const started = Date.now();
      const response = await fetch(`${server.url}/api/chat/stream`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ask("STALL-HTTP: how are totals computed?")),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(`\n\nError: ${MODEL_REASON}`);
      expect(Date.now() - started).toBeLessThan(MODEL_IDLE_TIMEOUT_MS + 4_000);
    } finally {
      model.options.stall = "mid-answer";
    }
  });

  it("fails a wiki page with the reason after its retry, and the other pages are written", async () => {
    stallWhen = (call) => pageIdOf(call) === "architecture";
    const before = model.stalled;
    const started = await api<StartWikiResponse>(server.url, "/api/wikis", {
      method: "POST",
      json: { repo_url: fixture.repo.dir },
    });
    expect(started.status).toBe(202);
    await waitForStatus(server.url, started.body.research_id as string, ["completed", "failed"]);
    const wiki = (await api<WikiView>(server.url, `/api/wikis/${started.body.wiki_id}`)).body;
    const architecture = wiki.pages.find((page) => page.id === "architecture");
    expect(architecture?.status).toBe("failed");
    expect(architecture?.error).toBe(MODEL_REASON);
    // Retried as for any other model error: two attempts, each cut by the timeout.
    expect(model.stalled - before).toBe(2);
    const others = wiki.pages.filter((page) => page.id !== "architecture");
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((page) => page.status === "done")).toBe(true);
    expect(wiki.error).toBe("1 page(s) could not be written");
  });
});

describe("a git remote that accepts the connection and never answers", () => {
  let silentRemote: Server | undefined;
  const connections: Socket[] = [];

  beforeAll(async () => {
    const listening = createServer((socket) => {
      connections.push(socket);
      socket.resume();
    });
    silentRemote = await new Promise<Server | undefined>((resolve) => {
      listening.once("error", () => resolve(undefined));
      listening.listen(443, SILENT_REMOTE_HOST, () => resolve(listening));
    });
  });

  afterAll(() => {
    for (const socket of connections) socket.destroy();
    silentRemote?.close();
  });

  // Repository URLs must use the https port, so the silent remote needs port 443.
  it("gets POST /api/repos answered within seconds with a clear error (needs port 443 on loopback: root or ip_unprivileged_port_start <= 443)", async () => {
    if (!silentRemote) {
      throw new Error(`could not listen on ${SILENT_REMOTE_HOST}:443 for the silent remote`);
    }
    const started = Date.now();
    const response = await api<{ error: { code: string; message: string } }>(
      server.url,
      "/api/repos",
      { method: "POST", json: { repo_url: `https://${SILENT_REMOTE_HOST}/owner/never-answers` } },
    );
    const elapsed = Date.now() - started;
    expect(connections.length).toBeGreaterThan(0);
    expect(response.status).toBe(503);
    expect(response.body.error).toEqual({
      code: "unavailable:repo",
      message: "The remote did not answer within 2 s",
    });
    expect(elapsed).toBeLessThan(GIT_TIMEOUT_MS + 3_000);
  });
});
