import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractCitations } from "../lib/chat/citations";
import type { RunEvent } from "../lib/protocol/runs";
import type { StartWikiResponse, WikiPageView, WikiView } from "../lib/protocol/wiki";
import { api, ProgressClient, waitForStatus } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { type ChatCall, ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";
import { type WikiResponderOptions, wikiResponder, wikiShopFiles } from "./support/wiki-fixture";

let model: ModelFixture;
let server: ServerProcess;
let fixture: { allowedRoot: string; repo: FixtureRepo };

const pageTitleOf = (call: ChatCall) =>
  /^Page: (.+) \(id ([\w-]+)\)$/m.exec(call.messages.map((m) => m.content).join("\n"))?.[2];
const pageCalls = () => model.calls.map(pageTitleOf).filter((id): id is string => Boolean(id));

const files = wikiShopFiles;

// The first call writing the Architecture page is cut mid-stream once.
let cutArchitecture = true;
// Read at each call, so a test can change what the model answers.
const responder: WikiResponderOptions = {
  inventCitation: true,
  brokenDiagramIn: "Module",
  repair: "fix",
};

beforeAll(async () => {
  model = await new ModelFixture({
    delayMs: 15,
    respond: wikiResponder(responder),
    failAfterChunks: 5,
    failIf: (call) => {
      if (cutArchitecture && pageTitleOf(call) === "architecture") {
        cutArchitecture = false;
        return true;
      }
      return false;
    },
  }).start();
  fixture = FixtureRepo.inNewRoot("shop");
  fixture.repo.write(files).commit("first");
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
      WIKI_PAGE_CONCURRENCY: "3",
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

async function generate(json: Record<string, unknown>) {
  const client = new ProgressClient(server.url, ["polling"]);
  await client.connected();
  const started = await api<StartWikiResponse>(server.url, "/api/wikis", {
    method: "POST",
    json: { repo_url: fixture.repo.dir, ...json },
  });
  expect(started.status).toBe(202);
  const runId = started.body.research_id as string;
  const ack = await client.subscribe({ research_id: runId });
  expect(ack.ok).toBe(true);
  const events = await client.waitForFinal(runId, 60_000);
  client.close();
  return { started: started.body, runId, events };
}

const getWiki = async (id: string) => (await api<WikiView>(server.url, `/api/wikis/${id}`)).body;

async function lineCount(repoId: string, path: string): Promise<number | null> {
  const file = await api<{ content: string }>(
    server.url,
    `/api/repos/${encodeURIComponent(repoId)}/file?path=${encodeURIComponent(path)}`,
  );
  return file.status === 200 ? file.body.content.replace(/\n$/, "").split("\n").length : null;
}

describe("wiki generation against the fixture model", () => {
  let wikiId = "";
  let events: RunEvent[] = [];

  it("plans, writes pages concurrently with one partial stream each, and completes", async () => {
    const generated = await generate({ wiki_type: "comprehensive", language: "en" });
    wikiId = generated.started.wiki_id;
    events = generated.events;
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(events.at(-1)?.status).toBe("completed");
    expect(events.every((event) => event.kind === "wiki")).toBe(true);
    const progress = events.map((event) => event.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const wiki = await getWiki(wikiId);
    expect(wiki.status).toBe("ready");
    expect(wiki.title).toBe("Fixture Wiki");
    const ids = wiki.pages.map((page) => page.id);
    // The duplicate id was made unique; a file that does not exist was dropped.
    expect(ids).toContain("architecture-2");
    expect(wiki.pages.flatMap((page) => page.file_paths)).not.toContain("does/not/exist.ts");
    expect(wiki.sections.map((section) => section.id)).toEqual(["intro", "internals"]);
    expect(wiki.pages.every((page) => page.status === "done")).toBe(true);

    // One partial stream per page, and streams of different pages interleave.
    const partials = events.filter((event) => event.type === "partial");
    expect(new Set(partials.map((event) => event.partial?.page_id))).toEqual(new Set(ids));
    const order = partials.map((event) => event.partial?.page_id);
    const interleaved = order.some((id, index) => {
      const last = order.lastIndexOf(id);
      return order.slice(index, last).some((other) => other !== id);
    });
    expect(interleaved).toBe(true);
    // Per-page states were logged for viewers.
    const states = events
      .map((event) => event.log_entry?.metadata)
      .filter((metadata) => metadata?.page_status === "done")
      .map((metadata) => metadata?.page_id);
    expect(new Set(states)).toEqual(new Set(ids));
  });

  it("retries a page whose model stream was cut, and the wiki still completes", async () => {
    expect(cutArchitecture).toBe(false);
    expect(pageCalls().filter((id) => id === "architecture").length).toBe(2);
    const retried = events.filter(
      (event) =>
        event.log_entry?.metadata.page_id === "architecture" &&
        event.log_entry.message.startsWith("Retrying"),
    );
    expect(retried).toHaveLength(1);
  });

  it("stores only citations that resolve, unlinks invented ones, repairs diagrams and links", async () => {
    const wiki = await getWiki(wikiId);
    for (const page of wiki.pages) {
      expect(page.content.startsWith("**Relevant source files**")).toBe(true);
      for (const citation of extractCitations(page.content)) {
        const lines = await lineCount(wiki.repo_id, citation.path);
        expect(lines, citation.text).not.toBeNull();
        expect(citation.end_line).toBeLessThanOrEqual(lines as number);
      }
      expect(page.content).toContain("[unverified: ghost/invented.ts, lines 10-20]");
      expect(page.content).not.toContain("wiki:no-such-page");
      expect(page.content).not.toContain("A[unclosed");
    }
    const module = wiki.pages.find((page) => page.title.startsWith("Module"));
    expect(module?.content).toContain("A[Caller] --> B[Callee]");
    expect(wiki.pages[0].content).toMatch(/\]\(wiki:[\w-]+\)/);
  });

  it("answers a second request from the cache", async () => {
    const again = await api<StartWikiResponse>(server.url, "/api/wikis", {
      method: "POST",
      json: { repo_url: fixture.repo.dir, wiki_type: "comprehensive", language: "en" },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ research_id: null, wiki_id: wikiId, status: "cached" });
    const byRepo = await api<WikiView>(
      server.url,
      `/api/repos/${encodeURIComponent((await getWiki(wikiId)).repo_id)}/wiki`,
    );
    expect(byRepo.body.wiki_id).toBe(wikiId);
    const list = await api<{ items: { wiki_id: string; page_count: number }[] }>(
      server.url,
      "/api/wikis?q=shop",
    );
    expect(list.body.items.find((item) => item.wiki_id === wikiId)?.page_count).toBeGreaterThan(3);
    for (const q of ["en", "english"]) {
      const byLanguage = await api<{ items: { wiki_id: string }[] }>(
        server.url,
        `/api/wikis?q=${q}`,
      );
      expect(byLanguage.body.items.map((item) => item.wiki_id)).toContain(wikiId);
    }
    const otherLanguage = await api<{ items: unknown[] }>(server.url, "/api/wikis?q=japanese");
    expect(otherLanguage.body.items).toEqual([]);

    // The run's page can link to its wiki: the status names it, /wikis/{id} leads there.
    const wiki = await getWiki(wikiId);
    const status = await api<{ wiki_id?: string }>(
      server.url,
      `/api/research/${wiki.research_id}/status`,
    );
    expect(status.body.wiki_id).toBe(wikiId);
    const redirect = await fetch(new URL(`/wikis/${wikiId}`, server.url), { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(
      `/repos/${encodeURIComponent(wiki.repo_id)}/wiki?wiki=${wikiId}`,
    );
  });

  it("regenerates one page on its own", async () => {
    const before = pageCalls().length;
    const started = await api<{ research_id: string }>(
      server.url,
      `/api/wikis/${wikiId}/pages/module-2/regenerate`,
      { method: "POST" },
    );
    expect(started.status).toBe(202);
    await waitForStatus(server.url, started.body.research_id, ["completed"], 30_000);
    expect(pageCalls().slice(before)).toEqual(["module-2"]);
    const wiki = await getWiki(wikiId);
    expect(wiki.pages.every((page) => page.status === "done")).toBe(true);

    // The browser reads a page the run finished on its own, as the whole wiki shows it.
    const page = await api<WikiPageView>(server.url, `/api/wikis/${wikiId}/pages/module-2`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual(wiki.pages.find((known) => known.id === "module-2"));
    const missing = await api(server.url, `/api/wikis/${wikiId}/pages/no-such-page`);
    expect(missing.status).toBe(404);
  });

  it("marks exactly the pages whose sources changed as stale, and update rewrites only those", async () => {
    const wiki = await getWiki(wikiId);
    const retryPages = wiki.pages
      .filter(
        (page) =>
          page.file_paths.includes("src/retry.ts") ||
          extractCitations(page.content).some((citation) => citation.path === "src/retry.ts"),
      )
      .map((page) => page.id);
    expect(retryPages.length).toBeGreaterThan(0);
    expect(retryPages.length).toBeLessThan(wiki.pages.length);

    fixture.repo.write({ "src/retry.ts": `${files["src/retry.ts"]}// changed\n` }).commit("second");
    const reindexed = await api<{ research_id: string | null }>(server.url, "/api/repos", {
      method: "POST",
      json: { repo_url: fixture.repo.dir },
    });
    if (reindexed.body.research_id)
      await waitForStatus(server.url, reindexed.body.research_id, ["completed"], 30_000);

    const stale = await getWiki(wikiId);
    expect(stale.latest_commit).not.toBeNull();
    expect(stale.stale_pages.sort()).toEqual(retryPages.sort());
    for (const page of stale.pages) {
      const alone = await api<WikiPageView>(server.url, `/api/wikis/${wikiId}/pages/${page.id}`);
      expect(alone.body.stale).toBe(retryPages.includes(page.id));
    }

    const before = pageCalls().length;
    const updated = await api<StartWikiResponse>(server.url, `/api/wikis/${wikiId}/update`, {
      method: "POST",
    });
    expect(updated.status).toBe(202);
    expect(updated.body.wiki_id).not.toBe(wikiId);
    await waitForStatus(server.url, updated.body.research_id as string, ["completed"], 30_000);
    expect(pageCalls().slice(before).sort()).toEqual(retryPages.sort());
    const fresh = await getWiki(updated.body.wiki_id);
    expect(fresh.commit).toBe(stale.latest_commit);
    expect(fresh.status).toBe("ready");
    expect(fresh.stale_pages).toEqual([]);
    expect(fresh.pages.map((page) => page.id)).toEqual(wiki.pages.map((page) => page.id));
  });

  it("shows a diagram the model could not repair as code with a note", async () => {
    responder.repair = "break";
    try {
      const { started, events } = await generate({ wiki_type: "concise", language: "fr" });
      expect(events.at(-1)?.status).toBe("completed");
      const wiki = await getWiki(started.wiki_id);
      const modules = wiki.pages.filter((page) => page.title.startsWith("Module"));
      expect(modules.length).toBeGreaterThan(0);
      for (const page of modules) {
        expect(page.content).toContain("did not parse as Mermaid, so it is shown as code");
        expect(page.content).toContain("```text\ngraph TD\n  A[unclosed --> B\n```");
        expect(page.content).not.toMatch(/```mermaid\ngraph TD\n {2}A\[unclosed/);
      }
      expect(
        events.some((event) => /diagram\(s\) shown as code/.test(event.log_entry?.message ?? "")),
      ).toBe(true);
    } finally {
      responder.repair = "fix";
    }
  });

  it("fails the run with a clear reason when the plan has no pages", async () => {
    responder.emptyPlan = true;
    try {
      const { started, events } = await generate({ language: "de" });
      const last = events.at(-1);
      expect(last?.status).toBe("failed");
      expect(last?.message).toMatch(/plan has no pages/);
      const wiki = await getWiki(started.wiki_id);
      expect(wiki.status).toBe("failed");
      expect(wiki.error).toMatch(/plan has no pages/);
      // Opening the repository still shows a wiki to read; asked for German, the failed one.
      const repoWiki = (path: string) =>
        api<WikiView>(server.url, `/api/repos/${encodeURIComponent(wiki.repo_id)}/wiki${path}`);
      const shown = (await repoWiki("")).body;
      expect(shown.status).toBe("ready");
      expect((await repoWiki("?language=de")).body.wiki_id).toBe(started.wiki_id);
    } finally {
      responder.emptyPlan = false;
    }
  });
});

describe("without a model", () => {
  let plain: ServerProcess;
  beforeAll(async () => {
    plain = await startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot } });
  });
  afterAll(async () => {
    await plain?.stop();
  });

  it("builds the structural wiki from the repo map", async () => {
    const started = await api<StartWikiResponse>(plain.url, "/api/wikis", {
      method: "POST",
      json: { repo_url: fixture.repo.dir },
    });
    expect(started.status).toBe(202);
    const run = await waitForStatus(plain.url, started.body.research_id as string, [
      "completed",
      "failed",
    ]);
    expect(run.status).toBe("completed");
    const wiki = (await api<WikiView>(plain.url, `/api/wikis/${started.body.wiki_id}`)).body;
    expect(wiki.structural).toBe(true);
    expect(wiki.provider).toBe("none");
    const ids = wiki.pages.map((page) => page.id);
    expect(ids[0]).toBe("overview");
    expect(ids).toContain("module-src");
    expect(ids).toContain("entry-points");
    const overview = wiki.pages[0].content;
    expect(overview).toContain("Structural wiki");
    expect(overview).toContain("A small shop");
    const modulePage = wiki.pages.find((page) => page.id === "module-src")!;
    expect(modulePage.content).toContain("`checkout`");
    expect(modulePage.content).toMatch(/src\/checkout\.ts:\d+-\d+/);
    expect(wiki.pages.every((page) => page.status === "done")).toBe(true);
  });
});
