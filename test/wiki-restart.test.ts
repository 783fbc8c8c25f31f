import { describe, expect, it } from "vitest";
import type { RunEvent } from "../lib/protocol/runs";
import { type StartWikiResponse, WIKI_STOPPED_ERROR, type WikiView } from "../lib/protocol/wiki";
import { api, waitFor, waitForStatus } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { type ChatCall, ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";
import { wikiResponder, wikiShopFiles } from "./support/wiki-fixture";

// A wiki generation cut short, by a crash or by the user, finishes later without writing
// a finished page twice. Each test has its own slow model and server.

const files = wikiShopFiles;
const pageTitleOf = (call: ChatCall) =>
  /^Page: (.+) \(id ([\w-]+)\)$/m.exec(call.messages.map((m) => m.content).join("\n"))?.[2];

describe("a server killed mid-generation", () => {
  it("finishes the run after a restart without rewriting finished pages", async () => {
    const slow = await new ModelFixture({ delayMs: 30, respond: wikiResponder() }).start();
    const dataRoot = FixtureRepo.inNewRoot("slowshop");
    dataRoot.repo.write(files).commit("first");
    const env = {
      CARTOGRAPH_LOCAL_ROOTS: dataRoot.allowedRoot,
      OPENAI_BASE_URL: slow.url,
      CHAT_MODEL: "fixture-chat",
      WIKI_PAGE_CONCURRENCY: "2",
      RUN_LEASE_MS: "1500",
    };
    const first = await startServerProcess({ env });
    let second: ServerProcess | undefined;
    try {
      const started = await api<StartWikiResponse>(first.url, "/api/wikis", {
        method: "POST",
        json: { repo_url: dataRoot.repo.dir },
      });
      const runId = started.body.research_id as string;
      const donePages = async () =>
        (await api<WikiView>(first.url, `/api/wikis/${started.body.wiki_id}`)).body.pages
          .filter((page) => page.status === "done")
          .map((page) => page.id);
      const finished = await waitFor(
        async () => {
          const done = await donePages();
          return done.length >= 2 ? done : undefined;
        },
        { what: "two pages written", timeoutMs: 60_000 },
      );
      await first.crash();

      second = await startServerProcess({ dataDir: first.dataDir, env });
      const run = await waitForStatus(second.url, runId, ["completed", "failed"], 60_000);
      expect(run.status).toBe("completed");
      const wiki = (await api<WikiView>(second.url, `/api/wikis/${started.body.wiki_id}`)).body;
      expect(wiki.status).toBe("ready");
      const calls = slow.calls.map(pageTitleOf).filter(Boolean);
      for (const id of finished) expect(calls.filter((call) => call === id)).toHaveLength(1);
      expect(new Set(calls)).toEqual(new Set(wiki.pages.map((page) => page.id)));
    } finally {
      await second?.stop();
      await slow.stop();
    }
  }, 120_000);
});

describe("a stopped generation", () => {
  it("keeps the pages written, and resuming writes only the rest", async () => {
    const slow = await new ModelFixture({ delayMs: 30, respond: wikiResponder() }).start();
    const root = FixtureRepo.inNewRoot("stopshop");
    root.repo.write(files).commit("first");
    const own = await startServerProcess({
      env: {
        CARTOGRAPH_LOCAL_ROOTS: root.allowedRoot,
        OPENAI_BASE_URL: slow.url,
        CHAT_MODEL: "fixture-chat",
        WIKI_PAGE_CONCURRENCY: "1",
      },
    });
    try {
      const started = await api<StartWikiResponse>(own.url, "/api/wikis", {
        method: "POST",
        json: { repo_url: root.repo.dir },
      });
      const wikiId = started.body.wiki_id;
      const view = async () => (await api<WikiView>(own.url, `/api/wikis/${wikiId}`)).body;
      await waitFor(
        async () =>
          (await view()).pages.some((page) => page.status === "done") ? true : undefined,
        { what: "a page written", timeoutMs: 60_000 },
      );
      await api(own.url, `/api/terminate/${started.body.research_id}`, { method: "POST" });
      await waitForStatus(own.url, started.body.research_id as string, ["cancelled"], 20_000);

      const stopped = await view();
      expect(stopped).toMatchObject({ status: "partial", error: WIKI_STOPPED_ERROR });
      expect(stopped.pages.some((page) => page.status === "generating")).toBe(false);
      const written = stopped.pages.filter((page) => page.status === "done").map((p) => p.id);
      const missing = stopped.pages.filter((page) => page.status !== "done").map((p) => p.id);
      expect(missing.length).toBeGreaterThan(0);
      // The list of wikis says it was stopped (not failed), for a neutral "Stopped" with Resume.
      const listed = async () =>
        (
          await api<{ items: { wiki_id: string; status: string; stopped: boolean }[] }>(
            own.url,
            "/api/wikis",
          )
        ).body.items.find((item) => item.wiki_id === wikiId);
      expect(await listed()).toMatchObject({ status: "partial", stopped: true });

      const callsBefore = slow.calls.length;
      const resumed = await api<StartWikiResponse>(own.url, `/api/wikis/${wikiId}/resume`, {
        method: "POST",
      });
      expect(resumed.status).toBe(202);
      await waitForStatus(own.url, resumed.body.research_id as string, ["completed"], 60_000);
      const finished = await view();
      expect(finished).toMatchObject({ status: "ready", error: null });
      expect(await listed()).toMatchObject({ status: "ready", stopped: false });
      const rewritten = slow.calls.slice(callsBefore).map(pageTitleOf).filter(Boolean);
      expect(new Set(rewritten)).toEqual(new Set(missing));
      for (const id of written) expect(rewritten).not.toContain(id);
      // Its steps count the pages written before it: "2 of 5" on, not "0 of 3".
      const logs = await api<{ events: RunEvent[] }>(
        own.url,
        `/api/research/${resumed.body.research_id}/logs?limit=1000`,
      );
      const steps = logs.body.events.flatMap((event) => (event.steps ? [event.steps] : []));
      expect(steps[0]).toEqual({ done: written.length, total: stopped.pages.length });
      expect(steps.at(-1)).toEqual({ done: stopped.pages.length, total: stopped.pages.length });

      const again = await api<StartWikiResponse>(own.url, `/api/wikis/${wikiId}/resume`, {
        method: "POST",
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ research_id: null, status: "cached" });
    } finally {
      await own.stop();
      await slow.stop();
    }
  }, 120_000);
});
