import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeepWikiCache, ProcessedProject } from "../lib/protocol/deepwiki";
import type { StartWikiResponse, WikiView } from "../lib/protocol/wiki";
import { chatOverSocket } from "./support/chat-client";
import { api } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";
import { wikiResponder } from "./support/wiki-fixture";

// What DeepWiki's client stores through /api/wiki_cache comes back as it was sent, under
// the language it was sent in (whichever spelling), and an unsupported language is refused.

const PRIVATE_TOKEN = "deepwiki-client-token-77";

let model: ModelFixture;
let server: ServerProcess;
let repoDir: string;

beforeAll(async () => {
  model = await new ModelFixture({ respond: wikiResponder() }).start();
  const fixture = FixtureRepo.inNewRoot("kite");
  repoDir = fixture.repo.dir;
  fixture.repo
    .write({
      "README.md": "# Kite\n\nFlies on a string.\n",
      "src/retry.ts":
        "export function retry(times: number) {\n  for (let i = 0; i < times; i++) {\n    // try\n  }\n}\n",
    })
    .commit("first");
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
    },
  });
  // DeepWiki's client asks for the local structure first: that makes the repository known.
  await api(server.url, `/local_repo/structure?path=${encodeURIComponent(repoDir)}`);
});

afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

const cacheQuery = (language: string) =>
  `/api/wiki_cache?owner=local&repo=kite&repo_type=local&language=${encodeURIComponent(language)}`;

/** A page as DeepWiki's client holds it (its fields in DeepWiki's order). */
function page(id: string, content: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    title: id === "overview" ? "Überblick 概要" : "Retries",
    content,
    filePaths: ["src/retry.ts", "src/gone.ts", "src/retry.ts"],
    importance: "high",
    relatedPages: ["retries", "not-a-page"],
    ...extra,
  };
}

/** A cache body as DeepWiki's client posts it: structure pages empty, content in generated_pages. */
function cacheBody(language: string, pages: ReturnType<typeof page>[], provider = "", model = "") {
  return {
    repo: {
      owner: "local",
      repo: "kite",
      type: "local",
      token: PRIVATE_TOKEN,
      localPath: repoDir,
      repoUrl: null,
    },
    language,
    comprehensive: true,
    wiki_structure: {
      id: "wiki",
      title: "Kite",
      description: "A kite",
      pages: pages.map((entry) => ({ ...entry, content: "" })),
      sections: [
        {
          id: "s-start",
          title: "Start",
          pages: ["overview", "ghost-page"],
          subsections: ["s-more"],
        },
        { id: "s-more", title: "More", pages: ["retries"], subsections: [] },
      ],
      rootSections: ["s-start"],
    },
    generated_pages: Object.fromEntries(pages.map((entry) => [entry.id, entry])),
    provider,
    model,
  };
}

// Wrong on purpose (lines past the end, a file that is not there), a diagram that does not
// parse, other scripts, CRLF, tabs and trailing whitespace: all of it must come back.
const KOREAN = [
  "# 개요\r",
  "Wrong on purpose: src/retry.ts:40-90 and src/gone.ts:1-2; right: src/retry.ts:1-5.  ",
  "",
  "```mermaid",
  "graph TD",
  "  A[시작] --> B{unclosed",
  "```",
  "",
  "\tÜber café naïve 🚀 𝔘 — ok   ",
  "",
].join("\n");
const RETRIES = "Retries live in src/retry.ts:2-4.\n\n```mermaid\ngraph LR\n  A-->B\n```\n";

describe("DeepWiki's cache keeps what its client sent", () => {
  let englishId: string;
  let koreanId: string;

  it("stores an English wiki, then a `kr` one with no provider or model beside it", async () => {
    const english = await api<{ wiki_id: string }>(server.url, "/api/wiki_cache", {
      method: "POST",
      json: cacheBody("en", [page("overview", "English overview.")], "google", "gemini-2.0-flash"),
    });
    expect(english, JSON.stringify(english.body)).toMatchObject({ status: 200 });
    englishId = english.body.wiki_id;
    const korean = await api<{ success: boolean; wiki_id: string }>(server.url, "/api/wiki_cache", {
      method: "POST",
      json: cacheBody("kr", [page("overview", KOREAN), page("retries", RETRIES)]),
    });
    expect(korean.status).toBe(200);
    expect(korean.body.success).toBe(true);
    koreanId = korean.body.wiki_id;
    expect(koreanId).not.toBe(englishId);
  });

  it("GET with `kr`, `ko` or `KO` answers the Korean wiki byte for byte, with the server's model", async () => {
    const sent = cacheBody("kr", [page("overview", KOREAN), page("retries", RETRIES)]);
    const texts = await Promise.all(
      ["kr", "ko", "KO"].map(async (language) => {
        const response = await fetch(new URL(cacheQuery(language), server.url));
        expect(response.status).toBe(200);
        return response.text();
      }),
    );
    expect(new Set(texts).size).toBe(1);
    const cached = JSON.parse(texts[0]) as DeepWikiCache;
    expect(cached.generated_pages).toEqual(sent.generated_pages);
    expect(cached.generated_pages.overview.content).toBe(KOREAN);
    expect(cached.generated_pages.retries.content).toBe(RETRIES);
    // The page objects are what was sent, in the order sent, as JSON text too.
    expect(JSON.stringify(cached.generated_pages.overview)).toBe(
      JSON.stringify(sent.generated_pages.overview),
    );
    const { pages: structurePages, ...structure } = cached.wiki_structure;
    const { pages: sentPages, ...sentStructure } = sent.wiki_structure;
    expect(structure).toEqual({ ...sentStructure, id: expect.any(String) });
    // Structure pages carry the content as well (DeepWiki's client sends them empty).
    expect(structurePages).toEqual(sentPages.map((entry) => sent.generated_pages[entry.id]));
    // An empty provider and model are the server's default.
    expect(cached.provider).toBe("openai");
    expect(cached.model).toBe("fixture-chat");
    expect(texts[0]).not.toContain(PRIVATE_TOKEN);
  });

  it("left the English wiki as it was", async () => {
    const english = await api<DeepWikiCache>(server.url, cacheQuery("en"));
    expect(english.body.generated_pages.overview.content).toBe("English overview.");
    expect(english.body.provider).toBe("google");
  });

  it("Cartograph's own view shows the checks beside the untouched text", async () => {
    const view = (await api<WikiView>(server.url, `/api/wikis/${koreanId}`)).body;
    expect(view.language).toBe("ko");
    const overview = view.pages.find((entry) => entry.id === "overview")!;
    expect(overview.content).toBe(KOREAN);
    expect(overview.checks).toEqual({
      citations: [
        {
          text: "src/retry.ts:40-90",
          path: "src/retry.ts",
          start_line: 40,
          end_line: 90,
          valid: false,
        },
        { text: "src/gone.ts:1-2", path: "src/gone.ts", start_line: 1, end_line: 2, valid: false },
        { text: "src/retry.ts:1-5", path: "src/retry.ts", start_line: 1, end_line: 5, valid: true },
      ],
      missing_files: ["src/gone.ts"],
    });
    const retries = view.pages.find((entry) => entry.id === "retries")!;
    expect(retries.checks?.citations.every((citation) => citation.valid)).toBe(true);
  });

  it("`pt-BR` is stored as `pt`, found as `pt-br`, and processed_projects spells both as DeepWiki does", async () => {
    const stored = await api<{ wiki_id: string }>(server.url, "/api/wiki_cache", {
      method: "POST",
      json: cacheBody("pt-BR", [page("overview", "Visão geral.")], "openai", "fixture-chat"),
    });
    expect(stored.status).toBe(200);
    const cached = await api<DeepWikiCache>(server.url, cacheQuery("pt-br"));
    expect(cached.body.generated_pages.overview.content).toBe("Visão geral.");
    const projects = (await api<ProcessedProject[]>(server.url, "/api/processed_projects")).body;
    expect(projects.map((project) => project.language).sort()).toEqual(["en", "kr", "pt-br"]);
    // Cartograph's own start of that wiki, in yet another spelling, finds the same one.
    const started = await api<StartWikiResponse>(server.url, "/api/wikis", {
      method: "POST",
      json: { repo_url: repoDir, language: "PT_br" },
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ wiki_id: stored.body.wiki_id, status: "cached" });
  });

  it("DELETE with `ko` removes the wiki GET `kr` found", async () => {
    const deleted = await api<{ message: string }>(server.url, cacheQuery("ko"), {
      method: "DELETE",
    });
    expect(deleted.status).toBe(200);
    expect((await api(server.url, cacheQuery("kr"))).body).toBeNull();
    expect((await api<DeepWikiCache>(server.url, cacheQuery("en"))).body.provider).toBe("google");
  });
});

describe("an unsupported language is refused wherever a language arrives", () => {
  const refused = (response: { status: number; body: unknown }) => {
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/unsupported language/);
  };

  it("the wiki cache (GET, POST, DELETE), POST /api/wikis and a repository's wiki", async () => {
    refused(await api(server.url, cacheQuery("xx")));
    refused(await api(server.url, cacheQuery("xx"), { method: "DELETE" }));
    refused(
      await api(server.url, "/api/wiki_cache", {
        method: "POST",
        json: cacheBody("xx", [page("overview", "Never stored.")]),
      }),
    );
    refused(
      await api(server.url, "/api/wikis", {
        method: "POST",
        json: { repo_url: repoDir, language: "klingon" },
      }),
    );
    const english = await api<DeepWikiCache>(server.url, cacheQuery("en"));
    expect(english.body.generated_pages.overview.content).toBe("English overview.");
    const projects = (await api<ProcessedProject[]>(server.url, "/api/processed_projects")).body;
    const wiki = (await api<WikiView>(server.url, `/api/wikis/${projects[0].id}`)).body;
    refused(
      await api(server.url, `/api/repos/${encodeURIComponent(wiki.repo_id)}/wiki?language=xx`),
    );
  });

  it("research and chat, over HTTP and the WebSocket", async () => {
    refused(
      await api(server.url, "/api/start_research", {
        method: "POST",
        json: { query: "How are retries done?", repo_url: repoDir, language: "xx" },
      }),
    );
    const chat = {
      repo_url: repoDir,
      messages: [{ role: "user", content: "What is this?" }],
      language: "xx",
    };
    refused(await api(server.url, "/api/chat/stream", { method: "POST", json: chat }));
    const socket = await chatOverSocket(server.url, chat);
    expect(socket.code).toBe(1003);
    expect(socket.frames.join("")).toMatch(/^Error: .*unsupported language/);
  });
});
