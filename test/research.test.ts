import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractCitations } from "../lib/chat/citations";
import type { ResearchReport } from "../lib/protocol/research";
import type { RunEvent } from "../lib/protocol/runs";
import {
  api,
  ProgressClient,
  range,
  runStatus,
  seqs,
  waitFor,
  waitForStatus,
} from "./support/clients";
import { ModelFixture } from "./support/model-fixture";
import {
  createShopRepo,
  isIterationCall,
  isPlanCall,
  researcher,
  startResearch,
} from "./support/research-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

let model: ModelFixture;
let server: ServerProcess;
let withoutModel: ServerProcess;
let repo: ReturnType<typeof createShopRepo>;

beforeAll(async () => {
  model = await new ModelFixture({ respond: researcher }).start();
  repo = createShopRepo();
  [server, withoutModel] = await Promise.all([
    startServerProcess({
      env: {
        CARTOGRAPH_LOCAL_ROOTS: repo.allowedRoot,
        OPENAI_BASE_URL: model.url,
        CHAT_MODEL: "fixture-chat",
      },
    }),
    startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: repo.allowedRoot } }),
  ]);
});

afterAll(async () => {
  await Promise.all([server?.stop(), withoutModel?.stop()]);
  await model?.stop();
});

const report = (id: string) => api<ResearchReport>(server.url, `/api/report/${id}`);
const milestones = (events: RunEvent[]) =>
  events.filter((event) => event.log_entry?.type === "milestone").map((event) => event.log_entry!);

let detailedId = "";

describe("a detailed research", () => {
  it("reaches a Local Deep Research client over polling, every event in order through completed", async () => {
    const started = await startResearch(server.url, {
      query: "How does checkout charge a customer?",
      repo_url: repo.repoDir,
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: "success" });
    detailedId = started.body.research_id;

    const client = new ProgressClient(server.url, ["polling"]);
    await client.connected();
    const ack = await client.subscribe({ research_id: detailedId });
    expect(ack.ok).toBe(true);
    const events = await client.waitForFinal(detailedId, 60_000);
    client.close();

    expect(seqs(events)).toEqual(range(1, events.length));
    expect(events.at(-1)).toMatchObject({ type: "status", status: "completed", progress: 100 });
    const phases = [...new Set(events.map((event) => event.phase).filter(Boolean))];
    expect(phases).toEqual(
      expect.arrayContaining(["planning", "retrieving", "writing", "concluding"]),
    );
    expect(phases.indexOf("planning")).toBeLessThan(phases.indexOf("retrieving"));
    expect(phases.indexOf("retrieving")).toBeLessThan(phases.indexOf("writing"));

    // Progress never decreases and steps are real counts of the phase's units.
    const progress = events.map((event) => event.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const retrieving = events.filter((event) => event.phase === "retrieving" && event.steps);
    expect(retrieving.every((event) => event.steps!.total === 5)).toBe(true);
    expect(Math.max(...retrieving.map((event) => event.steps!.done))).toBe(2);
    // Within an iteration, searching counts the iteration's queries.
    const searching = events.filter((event) => event.phase === "searching" && event.steps);
    expect(searching.length).toBeGreaterThan(0);
    expect(
      searching.every((event) => event.steps!.done >= 1 && event.steps!.done <= event.steps!.total),
    ).toBe(true);
    expect(searching[0].message).toMatch(/^Iteration 1 of 5: searched \d+ of \d+ queries$/);
    const writing = events.filter((event) => event.phase === "writing" && event.steps);
    expect(writing.at(-1)?.steps).toEqual({ done: 2, total: 2 });

    // The report streamed as partial text, then arrived whole in the result event.
    const streamed = events
      .filter((event) => event.partial)
      .map((event) => event.partial!.text)
      .join("");
    expect(streamed).toContain("# How checkout charges");
    const result = events.find((event) => event.type === "result")?.result as ResearchReport;
    expect(result.content).toContain("## Retries");

    const logged = milestones(events).map((entry) => entry.message);
    expect(logged.some((message) => message.startsWith("Plan ready"))).toBe(true);
    expect(logged.some((message) => message.startsWith("Report complete"))).toBe(true);
  });

  it("answers status and report with the documented fields", async () => {
    const status = await runStatus(server.url, detailedId);
    expect(status).toMatchObject({
      research_id: detailedId,
      kind: "research",
      status: "completed",
      progress: 100,
    });
    expect(status.log_entry).toMatchObject({ type: "milestone" });
    const { status: code, body } = await report(detailedId);
    expect(code).toBe(200);
    expect(body.metadata).toMatchObject({
      query: "How does checkout charge a customer?",
      mode: "detailed",
      iterations: 2,
      iterations_requested: 5,
      provider: "openai",
      model: "fixture-chat",
      parent_id: null,
      root_id: detailedId,
      thread: [detailedId],
      model_written: true,
    });
    expect(body.sources.length).toBeGreaterThan(0);
    expect(body.sources[0]).toMatchObject({ cited: true });
    // Passages name the declaration they hold, where the index knows one.
    expect(body.sources.some((source) => typeof source.symbol === "string")).toBe(true);

    const history = await api<{ items: { id: string; kind: string; query: string }[] }>(
      server.url,
      "/api/history?limit=50",
    );
    expect(history.body.items.find((item) => item.id === detailedId)).toMatchObject({
      kind: "research",
      query: "How does checkout charge a customer?",
    });
  });

  it("runs new queries in iteration 2 and reads the file the model asked for", async () => {
    const logs = await api<{ events: RunEvent[] }>(
      server.url,
      `/api/research/${detailedId}/logs?limit=1000`,
    );
    const iterations = milestones(logs.body.events).filter(
      (entry) => typeof entry.metadata.iteration === "number" && entry.metadata.queries,
    );
    const queriesOf = (n: number) =>
      iterations.find((entry) => entry.metadata.iteration === n)?.metadata.queries as string[];
    expect(queriesOf(1)).toEqual(["checkout charge", "payments gateway"]);
    expect(queriesOf(2)).toEqual(["retry backoff delay"]);
    expect(iterations.find((entry) => entry.metadata.iteration === 2)?.metadata.files).toEqual([
      "src/retry.ts",
    ]);
    const { body } = await report(detailedId);
    expect(new Set(body.metadata.queries).size).toBe(body.metadata.queries.length);
    // The invented finding's citation was dropped, with a warning.
    expect(body.metadata.findings.map((finding) => finding.claim)).not.toContain(
      "An invented finding",
    );
    expect(
      logs.body.events.some(
        (event) => event.log_entry?.type === "warning" && /Dropped 1/.test(event.log_entry.message),
      ),
    ).toBe(true);
  });

  it("leaves only citations that resolve in the snapshot", async () => {
    const { body } = await report(detailedId);
    const citations = extractCitations(body.content);
    expect(citations.length).toBeGreaterThan(0);
    for (const citation of citations) {
      const lines = repo.lineCounts.get(citation.path);
      expect(lines, citation.text).toBeDefined();
      expect(citation.end_line, citation.text).toBeLessThanOrEqual(lines!);
    }
    expect(body.content).toContain("[unverified: src/invented.ts, lines 10-20]");
    expect(body.content).toContain("[unverified: src/retry.ts, lines 1-999]");
    expect(body.metadata.citations.unverified).toBe(2);
  });
});

describe("continuing a research", () => {
  it("starts from the parent's findings and commit without rerunning its queries", async () => {
    // A newer commit does not move a continuation off the code its parent read.
    repo.repo
      .write({ "src/refunds.ts": "// refunds moved to the ledger\nexport {};\n" })
      .commit("refunds move");
    const planCalls = model.calls.filter(isPlanCall).length;
    const started = await startResearch(server.url, {
      query: "And how are refunds made?",
      parent_id: detailedId,
    });
    expect(started.body.status).toBe("success");
    const childId = started.body.research_id;
    await waitForStatus(server.url, childId, ["completed", "failed"], 60_000);
    const { status, body } = await report(childId);
    expect(status).toBe(200);
    const parent = (await report(detailedId)).body;
    expect(body.metadata).toMatchObject({
      parent_id: detailedId,
      root_id: detailedId,
      thread: [detailedId, childId],
      repo_url: repo.repoDir,
      commit: parent.metadata.commit,
    });
    expect(body.metadata.new_queries).toContain("refund policy");
    for (const query of body.metadata.new_queries)
      expect(parent.metadata.queries).not.toContain(query);
    expect(body.metadata.findings.slice(0, parent.metadata.findings.length)).toEqual(
      parent.metadata.findings,
    );
    const plan = model.calls.filter(isPlanCall)[planCalls];
    expect(plan.messages.map((message) => message.content).join("\n")).toContain(
      "Queries already run:\n- checkout charge",
    );

    const thread = await api<{
      root_id: string;
      items: { id: string; parent_id: string | null }[];
    }>(server.url, `/api/research/${childId}/thread`);
    expect(thread.body.root_id).toBe(detailedId);
    expect(thread.body.items.map((item) => [item.id, item.parent_id])).toEqual([
      [detailedId, null],
      [childId, detailedId],
    ]);
  });

  it("refuses to continue a run that is not a finished research", async () => {
    const missing = await startResearch(server.url, { query: "x", parent_id: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: "error" });
    const invalid = await startResearch(server.url, { query: "", repo_url: repo.repoDir });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ status: "error" });
  });
});

describe("a quick research", () => {
  it("answers from one retrieval round with a cited answer", async () => {
    const started = await startResearch(server.url, {
      query: "Where is the refund policy?",
      repo_url: repo.repoDir,
      mode: "quick",
    });
    await waitForStatus(server.url, started.body.research_id, ["completed", "failed"], 30_000);
    const { body } = await report(started.body.research_id);
    expect(body.metadata).toMatchObject({ mode: "quick", iterations: 1 });
    expect(extractCitations(body.content).length).toBeGreaterThan(0);
    expect(body.sources.some((source) => source.cited)).toBe(true);
  });

  it("continuing a detailed research answers from the parent's findings too", async () => {
    const parent = (await report(detailedId)).body;
    expect(parent.metadata.findings.length).toBeGreaterThan(0);
    const callsBefore = model.calls.length;
    const started = await startResearch(server.url, {
      query: "Which file should I change to alter the refund policy?",
      parent_id: detailedId,
      mode: "quick",
    });
    const id = started.body.research_id;
    await waitForStatus(server.url, id, ["completed", "failed"], 30_000);
    const { body } = await report(id);
    expect(body.metadata).toMatchObject({ mode: "quick", parent_id: detailedId });
    const system = model.calls
      .slice(callsBefore)
      .flatMap((call) => call.messages.filter((message) => message.role === "system"))
      .map((message) => message.content)
      .join("\n");
    expect(system).toContain(`follows an earlier research on "${parent.metadata.query}"`);
    for (const finding of parent.metadata.findings) expect(system).toContain(finding.claim);

    // The history finds research by repository, not only by question.
    const folder = repo.repoDir.split("/").filter(Boolean).at(-1) as string;
    const found = await api<{ items: { id: string; repository?: string | null }[] }>(
      server.url,
      `/api/history?kind=research&q=${encodeURIComponent(folder)}&limit=100`,
    );
    expect(found.body.items.map((item) => item.id)).toEqual(
      expect.arrayContaining([detailedId, id]),
    );
    expect(found.body.items.find((item) => item.id === id)?.repository).toBe(repo.repoDir);
  });
});

describe("without a model", () => {
  it("still reports honestly: ranked passages, clearly labelled", async () => {
    const started = await startResearch(withoutModel.url, {
      query: "How does retry wait between attempts?",
      repo_url: repo.repoDir,
    });
    const id = started.body.research_id;
    const ended = await waitForStatus(withoutModel.url, id, ["completed", "failed"], 30_000);
    expect(ended.status).toBe("completed");
    const { body } = await api<ResearchReport>(withoutModel.url, `/api/report/${id}`);
    expect(body.content).toContain("No model is configured");
    expect(body.content).toContain("src/retry.ts:");
    expect(body.metadata).toMatchObject({ provider: "none", model_written: false });
  });
});

describe("cancelling and queueing", () => {
  it("POST /api/terminate mid-iteration aborts the model request and ends the run cancelled", async () => {
    model.options.generateDelayMs = 4_000;
    try {
      const aborted = model.aborted;
      const iterationCalls = model.calls.filter(isIterationCall).length;
      const started = await startResearch(server.url, {
        query: "How does checkout retry?",
        repo_url: repo.repoDir,
      });
      const id = started.body.research_id;
      await waitFor(() => model.calls.filter(isIterationCall).length > iterationCalls, {
        what: "an iteration's model call",
      });
      const client = new ProgressClient(server.url);
      await client.connected();
      await client.subscribe({ research_id: id });
      const terminate = await api(server.url, `/api/terminate/${id}`, { method: "POST" });
      expect(terminate).toMatchObject({ status: 200, body: { status: "success" } });
      await waitForStatus(server.url, id, ["cancelled"], 5_000);
      await waitFor(() => model.aborted > aborted, {
        what: "the model request aborted",
        timeoutMs: 5_000,
      });
      // Nothing follows the terminal event.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const events = client.eventsOf(id);
      client.close();
      const terminal = events.findIndex((event) => event.status === "cancelled");
      expect(terminal).toBe(events.length - 1);
      const logs = await api<{ events: RunEvent[] }>(
        server.url,
        `/api/research/${id}/logs?limit=1000`,
      );
      expect(logs.body.events.at(-1)).toMatchObject({ status: "cancelled" });
      expect((await report(id)).status).toBe(404);
    } finally {
      model.options.generateDelayMs = undefined;
    }
  });

  it("queues the fourth of four runs started at once and starts it when a slot frees", async () => {
    model.options.generateDelayMs = 2_000;
    const ids: string[] = [];
    try {
      const started = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          startResearch(server.url, {
            query: `Question ${n} about checkout`,
            repo_url: repo.repoDir,
          }),
        ),
      );
      ids.push(...started.map((response) => response.body.research_id));
      const queued = started.filter((response) => response.body.status === "queued");
      expect(queued).toHaveLength(1);
      expect(queued[0].body.queue_position).toBe(1);
      const fourth = queued[0].body.research_id;
      expect((await report(fourth)).status).toBe(409);
      const first = ids.find((id) => id !== fourth)!;
      await api(server.url, `/api/terminate/${first}`, { method: "POST" });
      await waitForStatus(server.url, first, ["cancelled"], 10_000);
      const running = await waitForStatus(server.url, fourth, ["in_progress", "completed"], 10_000);
      expect(running.queue_position).toBeUndefined();
    } finally {
      model.options.generateDelayMs = undefined;
      for (const id of ids) await api(server.url, `/api/terminate/${id}`, { method: "POST" });
      for (const id of ids)
        await waitForStatus(server.url, id, ["cancelled", "completed", "failed"], 20_000);
    }
  });
});
