import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent, ChatMessage } from "../lib/protocol/chat";
import { chatOverSocket } from "./support/chat-client";
import { api } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { type ChatCall, ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

let model: ModelFixture;
let withModel: ServerProcess;
let withoutModel: ServerProcess;
let repoDir: string;

/** A research-minded fixture: follows the stage the system prompt asks for. */
function researcher(call: ChatCall): string {
  const system = call.messages[0].content;
  const firstPassage = /^--- ([\w./-]+:\d+-\d+)$/m.exec(system)?.[1] ?? "nothing";
  if (system.includes('"## Research Plan"')) {
    return `## Research Plan\n\nThe checkout starts in ${firstPassage}.\n\n### Open questions\n- how long does retry wait between attempts backoff delay\n`;
  }
  if (system.includes('"## Research Update')) {
    return `## Research Update 2\n\nThe waiting happens in ${firstPassage}.\n\n### Open questions\nNone\n`;
  }
  return `## Final Conclusion\n\nCheckout charges with retries (${firstPassage}).`;
}

beforeAll(async () => {
  model = await new ModelFixture({ respond: researcher }).start();
  const fixture = FixtureRepo.inNewRoot("shop");
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "src/checkout.ts":
      "import { charge } from './payments';\nexport async function checkout(order: Order) {\n  // charge the customer\n  return charge(order.customer, order.total);\n}\n",
    "src/payments.ts":
      "import { retry } from './retry';\nexport function charge(customer: string, total: number) {\n  return retry(() => gateway.charge(customer, total), 3);\n}\n",
    "src/retry.ts":
      "export async function retry<T>(operation: () => Promise<T>, attempts: number): Promise<T> {\n  let delay = 100;\n  for (let attempt = 1; ; attempt++) {\n    try { return await operation(); } catch (error) {\n      if (attempt >= attempts) throw error;\n      await new Promise((resolve) => setTimeout(resolve, delay)); // backoff: wait between attempts\n      delay *= 2;\n    }\n  }\n}\n",
    "README.md": "# Shop\n\nCheckout charges customers.\n",
  });
  fixture.repo.commit("first");
  const env = { CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot };
  [withModel, withoutModel] = await Promise.all([
    startServerProcess({ env: { ...env, OPENAI_BASE_URL: model.url, CHAT_MODEL: "fixture-chat" } }),
    startServerProcess({ env }),
  ]);
});

afterAll(async () => {
  await Promise.all([withModel?.stop(), withoutModel?.stop()]);
  await model?.stop();
});

const parse = (frames: string[]) => frames.map((frame) => JSON.parse(frame) as ChatEvent);

describe("deep research over the chat socket", () => {
  it("plans, updates and concludes, reading different code in each iteration", async () => {
    const messages: ChatMessage[] = [
      { role: "user", content: "[DEEP RESEARCH] How does checkout charge a customer?" },
    ];
    const iterations: { stage: string; iteration: number; sources: string[]; text: string }[] = [];
    for (let turn = 0; turn < 5; turn++) {
      const outcome = await chatOverSocket(withModel.url, {
        repo_url: repoDir,
        messages,
        stream: "events",
      });
      expect(outcome.code).toBe(1000);
      const events = parse(outcome.frames);
      const stage = events.find((event) => event.type === "stage");
      const sources = events.find((event) => event.type === "sources");
      const text = events.map((event) => (event.type === "delta" ? event.text : "")).join("");
      iterations.push({
        stage: stage?.type === "stage" ? stage.stage : "none",
        iteration: stage?.type === "stage" ? stage.iteration : 0,
        sources:
          sources?.type === "sources"
            ? sources.items.map((item) => `${item.path}:${item.start_line}-${item.end_line}`)
            : [],
        text,
      });
      messages.push(
        { role: "assistant", content: text },
        { role: "user", content: "[DEEP RESEARCH] Continue the research" },
      );
      if (stage?.type === "stage" && stage.stage === "conclusion") break;
    }
    expect(iterations.map((entry) => [entry.stage, entry.iteration])).toEqual([
      ["plan", 1],
      ["update", 2],
      ["conclusion", 3],
    ]);
    expect(iterations[0].text).toMatch(/^## Research Plan/);
    expect(iterations[1].text).toMatch(/^## Research Update 2/);
    expect(iterations[2].text).toMatch(/^## Final Conclusion/);
    // The passage cited in the plan is not read again, and the update's best passage is another one.
    const citedInPlan = /(src\/[\w.]+:\d+-\d+)/.exec(iterations[0].text)![1];
    expect(iterations[1].sources).not.toContain(citedInPlan);
    expect(iterations[1].sources[0]).not.toBe(iterations[0].sources[0]);
    // Iteration 2 searched for its open question, not for the prompt.
    expect(
      iterations[1].sources.slice(0, 2).some((source) => source.startsWith("src/retry.ts")),
    ).toBe(true);
  });
});

describe("with no model configured", () => {
  it("answers with the best passages, their citations, and how to configure a model", async () => {
    const outcome = await chatOverSocket(withoutModel.url, {
      repo_url: repoDir,
      messages: [{ role: "user", content: "How does retry wait between attempts?" }],
      stream: "events",
    });
    expect(outcome.code).toBe(1000);
    // The first question indexes the repository: its progress comes before the answer.
    const events = parse(outcome.frames).filter((event) => event.type !== "progress");
    expect(events[0]).toMatchObject({ type: "meta", provider: "none", model: "none" });
    const text = events.map((event) => (event.type === "delta" ? event.text : "")).join("");
    expect(text).toMatch(/No model is configured/);
    expect(text).toMatch(/OPENAI_BASE_URL/);
    expect(text).toMatch(/### src\/retry\.ts:1-10/);
    const done = events.at(-1)!;
    expect(done.type === "done" && done.citations?.every((citation) => citation.valid)).toBe(true);
    const config = await api<{ providers: unknown[] }>(withoutModel.url, "/models/config");
    expect(config.body.providers).toEqual([]);
  });
});

describe("/models/config", () => {
  it("lists the provider's chat models from its own model list, not its embedding models", async () => {
    const config = await api<{
      providers: { id: string; models: { id: string }[] }[];
      defaultProvider: string;
    }>(withModel.url, "/models/config");
    expect(config.body.defaultProvider).toBe("openai");
    expect(config.body.providers[0].models.map((entry) => entry.id)).toEqual(["fixture-chat"]);
    expect(config.body.providers[0]).toMatchObject({ id: "openai", supportsCustomModel: true });
  });
});

describe("a model server that is down", () => {
  it("ends the answer with its reason and 1011", async () => {
    const closed = await new ModelFixture().start();
    await closed.stop(); // nothing listens on its port any more
    const server = await startServerProcess({
      env: { CARTOGRAPH_LOCAL_ROOTS: rootOf(repoDir), OPENAI_BASE_URL: closed.url },
    });
    try {
      const outcome = await chatOverSocket(server.url, {
        repo_url: repoDir,
        messages: [{ role: "user", content: "retry?" }],
      });
      expect(outcome.code).toBe(1011);
      expect(outcome.frames).toEqual(["Error: The model provider failed while answering"]);
    } finally {
      await server.stop();
    }
  });
});

describe("shutdown", () => {
  it("closes an answer in progress with its reason and 1001", async () => {
    model.options = { delayMs: 100, respond: () => "slow ".repeat(100) };
    const server = await startServerProcess({
      env: { CARTOGRAPH_LOCAL_ROOTS: rootOf(repoDir), OPENAI_BASE_URL: model.url },
    });
    try {
      let answering = () => {};
      const firstWords = new Promise<void>((resolve) => {
        answering = resolve;
      });
      const pending = chatOverSocket(
        server.url,
        { repo_url: repoDir, messages: [{ role: "user", content: "slowly" }] },
        { onFrame: (frame) => frame.startsWith("slow") && answering() },
      );
      await firstWords;
      const exit = server.stop();
      const outcome = await pending;
      expect(outcome.code).toBe(1001);
      expect(outcome.frames.at(-1)).toBe("Error: The server is shutting down");
      expect(outcome.frames.slice(0, -1).join("")).toMatch(/^slow/);
      expect(await exit).toBe(0);
    } finally {
      model.options = { respond: researcher };
      await server.stop();
    }
  });
});

function rootOf(dir: string): string {
  return dir.slice(0, dir.lastIndexOf("/"));
}
