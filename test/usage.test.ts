import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent } from "../lib/protocol/chat";
import type { ResearchReport } from "../lib/protocol/research";
import type { PricesView, UsageReport, UsageTotals } from "../lib/protocol/usage";
import { chatOverSocket } from "./support/chat-client";
import { api, waitForStatus } from "./support/clients";
import { ModelFixture } from "./support/model-fixture";
import { createShopRepo, researcher, startResearch } from "./support/research-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";
import { wikiResponder } from "./support/wiki-fixture";

let model: ModelFixture;
let silent: ModelFixture;
let server: ServerProcess;
let repo: ReturnType<typeof createShopRepo>;

beforeAll(async () => {
  model = await new ModelFixture({ respond: wikiResponder({ fallback: researcher }) }).start();
  // A provider that reports no usage at all: the server estimates, and says so.
  silent = await new ModelFixture({ omitUsage: true }).start();
  repo = createShopRepo();
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: repo.allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
      // One page at a time, so a budget stops between the same pages every time.
      WIKI_PAGE_CONCURRENCY: "1",
      CUSTOM_PROVIDERS: JSON.stringify([
        { id: "silent", base_url: silent.url, models: ["fixture-chat"] },
      ]),
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await Promise.all([model?.stop(), silent?.stop()]);
});

const PRICE = { input: 2, output: 8 };
const costOf = (tokens: { input_tokens: number; output_tokens: number }) =>
  (tokens.input_tokens * PRICE.input + tokens.output_tokens * PRICE.output) / 1_000_000;

const doneOf = async (request: Record<string, unknown>) => {
  const outcome = await chatOverSocket(server.url, { ...request, stream: "events" });
  expect(outcome.code).toBe(1000);
  const events = outcome.frames.map((frame) => JSON.parse(frame) as ChatEvent);
  const done = events.find((event) => event.type === "done");
  const meta = events.find((event) => event.type === "meta");
  if (done?.type !== "done" || meta?.type !== "meta") throw new Error("no done event");
  return { done, chatId: meta.chat_id };
};

const runUsage = async (id: string) =>
  (await api<{ usage: UsageTotals }>(server.url, `/api/research/${id}/status`)).body.usage;

describe("prices", () => {
  it("lists defaults for common models, marked, and takes a configured price", async () => {
    const before = await api<PricesView>(server.url, "/api/settings/prices");
    expect(before.status).toBe(200);
    const gpt4o = before.body.items.find((item) => item.model === "gpt-4o-mini");
    expect(gpt4o).toMatchObject({
      input_per_million: 0.15,
      output_per_million: 0.6,
      default: true,
    });
    expect(before.body.items.some((item) => item.model === "fixture-chat")).toBe(false);

    const bad = await api(server.url, "/api/settings/prices", {
      method: "PUT",
      json: { items: [{ model: "fixture-chat", input_per_million: -1, output_per_million: 1 }] },
    });
    expect(bad.status).toBe(400);

    const saved = await api<PricesView>(server.url, "/api/settings/prices", {
      method: "PUT",
      json: {
        items: [
          {
            model: "fixture-chat",
            input_per_million: PRICE.input,
            output_per_million: PRICE.output,
          },
        ],
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.items[0]).toMatchObject({ model: "fixture-chat", default: false });
  });
});

describe("a chat answer", () => {
  it("ends with `done` carrying the provider's usage and its cost, kept with the conversation", async () => {
    const chatId = randomUUID();
    const from = model.reported.length;
    const { done } = await doneOf({
      repo_url: repo.repoDir,
      messages: [{ role: "user", content: "How does checkout charge a customer?" }],
      chat_id: chatId,
    });
    const reported = model.reportedTotals(from);
    expect(model.reported.length - from).toBe(1);
    expect(model.calls.at(-1)?.stream_options?.include_usage).toBe(true);
    expect(done.usage).toEqual({
      ...reported,
      cost: expect.closeTo(costOf(reported), 8),
      estimated: false,
    });

    const stored = await api<{ messages: { role: string; usage?: UsageTotals }[] }>(
      server.url,
      `/api/chats/${chatId}`,
    );
    expect(stored.status).toBe(200);
    const answer = stored.body.messages.find((message) => message.role === "assistant");
    expect(answer?.usage).toMatchObject(reported);
  });

  it("estimates the tokens when the provider reports none, and says so", async () => {
    const { done } = await doneOf({
      repo_url: repo.repoDir,
      provider: "silent",
      messages: [{ role: "user", content: "Where are refunds made?" }],
    });
    expect(silent.reported).toEqual([]);
    expect(done.usage.estimated).toBe(true);
    expect(done.usage.input_tokens).toBeGreaterThan(50);
    expect(done.usage.output_tokens).toBeGreaterThan(0);
  });
});

let fullRun: { id: string; calls: { input_tokens: number; output_tokens: number }[] };

describe("a research run", () => {
  it("totals exactly what the model fixture reported for its calls", async () => {
    const from = model.reported.length;
    const started = await startResearch(server.url, {
      query: "How does checkout charge a customer?",
      repo_url: repo.repoDir,
    });
    expect(started.status).toBe(200);
    const id = started.body.research_id;
    await waitForStatus(server.url, id, ["completed", "failed"], 60_000);
    const reported = model.reportedTotals(from);
    expect(reported.input_tokens).toBeGreaterThan(0);
    const usage = await runUsage(id);
    expect(usage).toEqual({
      ...reported,
      cost: expect.closeTo(costOf(reported), 6),
      estimated: false,
    });
    const report = await api<ResearchReport>(server.url, `/api/report/${id}`);
    expect(report.body.metadata.usage).toEqual(usage);
    expect(report.body.metadata.budget_reached).toBeNull();

    const history = await api<{ items: { id: string; usage: UsageTotals }[] }>(
      server.url,
      "/api/history?kind=research",
    );
    expect(history.body.items.find((item) => item.id === id)?.usage).toEqual(usage);
    fullRun = {
      id,
      calls: model.reported.slice(from).map((entry) => ({
        input_tokens: entry.prompt_tokens,
        output_tokens: entry.completion_tokens,
      })),
    };
  });

  it("refuses a budget that is not a positive number", async () => {
    const bad = await startResearch(server.url, {
      query: "How does checkout charge a customer?",
      repo_url: repo.repoDir,
      max_tokens: -5,
    });
    expect(bad.status).toBe(400);
  });

  it("stops at its budget, completed, keeping the report written so far", async () => {
    // The same research makes the same calls. One token short of what they all took: the
    // last section's prompt (estimated before the call) no longer fits, the others do.
    const tokensOf = (calls: typeof fullRun.calls) =>
      calls.reduce((total, call) => total + call.input_tokens + call.output_tokens, 0);
    const spentBeforeLast = tokensOf(fullRun.calls.slice(0, -1));
    const from = model.reported.length;
    const started = await startResearch(server.url, {
      query: "How does checkout charge a customer?",
      repo_url: repo.repoDir,
      max_tokens: tokensOf(fullRun.calls) - 1,
    });
    const id = started.body.research_id;
    const final = await waitForStatus(server.url, id, ["completed", "failed"], 60_000);
    expect(final.status).toBe("completed");
    expect(model.reported.length - from).toBe(fullRun.calls.length - 1);

    const report = await api<ResearchReport>(server.url, `/api/report/${id}`);
    expect(report.status).toBe(200);
    expect(report.body.metadata.budget_reached).toMatch(/Budget reached/);
    // The first section, written, is kept; the second ends with the note.
    expect(report.body.content).toMatch(/## Answer\s+The code in/);
    expect(report.body.content).toMatch(/## Retries\s+> \*\*Budget reached\.\*\*/);
    const usage = await runUsage(id);
    expect(usage.input_tokens + usage.output_tokens).toBe(spentBeforeLast);
    expect(report.body.metadata.usage).toEqual(usage);
  });
});

interface WikiWithUsage {
  status: string;
  error: string | null;
  pages: { status: string }[];
  usage: UsageTotals;
}

describe("a wiki generation", () => {
  it("counts its calls against the wiki, and a budget keeps the pages written", async () => {
    const from = model.reported.length;
    const started = await api<{ research_id: string; wiki_id: string }>(server.url, "/api/wikis", {
      method: "POST",
      json: { repo_url: repo.repoDir, wiki_type: "concise" },
    });
    expect(started.status).toBe(202);
    const { wiki_id: wikiId } = started.body;
    await waitForStatus(server.url, started.body.research_id, ["completed", "failed"], 90_000);
    const calls = model.reported.slice(from);
    const tokens = calls.reduce(
      (sum, call) => sum + call.prompt_tokens + call.completion_tokens,
      0,
    );
    const full = await api<WikiWithUsage>(server.url, `/api/wikis/${wikiId}`);
    expect(full.body.status).toBe("ready");
    expect(full.body.usage).toMatchObject(model.reportedTotals(from));
    expect(full.body.pages.length).toBeGreaterThan(1);

    // Written again under a budget one token short of what it took: the last page no
    // longer fits; the pages before it are written and kept.
    const before = model.reported.length;
    const again = await api<{ research_id: string }>(server.url, "/api/wikis", {
      method: "POST",
      json: { repo_url: repo.repoDir, wiki_type: "concise", force: true, max_tokens: tokens - 1 },
    });
    expect(again.status).toBe(202);
    const final = await waitForStatus(
      server.url,
      again.body.research_id,
      ["completed", "failed"],
      90_000,
    );
    expect(final.status).toBe("completed");
    const budgeted = await api<WikiWithUsage>(server.url, `/api/wikis/${wikiId}`);
    expect(budgeted.body.status).toBe("partial");
    expect(budgeted.body.error).toMatch(/Budget reached/);
    const statuses = budgeted.body.pages.map((page) => page.status);
    expect(statuses.filter((status) => status === "done").length).toBeGreaterThan(0);
    expect(statuses).toContain("pending");
    const runUsage = (
      await api<{ usage: UsageTotals }>(
        server.url,
        `/api/research/${again.body.research_id}/status`,
      )
    ).body.usage;
    expect(runUsage).toMatchObject(model.reportedTotals(before));
    expect(runUsage.input_tokens + runUsage.output_tokens).toBeLessThan(tokens);
  });
});

describe("GET /api/usage", () => {
  it("groups the user's usage by model, day and user, summing every call", async () => {
    const byModel = await api<UsageReport>(server.url, "/api/usage?group_by=model");
    expect(byModel.status).toBe(200);
    const keys = byModel.body.items.map((item) => item.key).sort();
    expect(keys).toEqual(["openai/fixture-chat", "silent/fixture-chat"]);
    const openai = byModel.body.items.find((item) => item.key === "openai/fixture-chat");
    expect(openai).toMatchObject(model.reportedTotals());
    const silentRow = byModel.body.items.find((item) => item.key === "silent/fixture-chat");
    // The silent provider's model has the configured price too (prices go by model id).
    expect(silentRow?.cost).toBeGreaterThan(0);

    const today = new Date().toISOString().slice(0, 10);
    const byDay = await api<UsageReport>(server.url, `/api/usage?group_by=day&from=${today}`);
    expect(byDay.body.items).toHaveLength(1);
    expect(byDay.body.items[0].key).toBe(today);
    const sum = (items: UsageReport["items"]) =>
      items.reduce((total, item) => total + item.input_tokens + item.output_tokens, 0);
    expect(sum(byDay.body.items)).toBe(sum(byModel.body.items));

    const byUser = await api<UsageReport>(server.url, "/api/usage?group_by=user");
    expect(byUser.body.items.map((item) => item.key)).toEqual(["local"]);
    expect(sum(byUser.body.items)).toBe(sum(byModel.body.items));

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const later = await api<UsageReport>(server.url, `/api/usage?from=${tomorrow}`);
    expect(later.body.items).toEqual([]);

    const bad = await api(server.url, "/api/usage?group_by=week");
    expect(bad.status).toBe(400);
  });
});
