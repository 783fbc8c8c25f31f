import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeepWikiCache, ProcessedProject } from "../lib/protocol/deepwiki";
import type { StartWikiResponse, WikiView } from "../lib/protocol/wiki";
import { api, waitFor } from "./support/clients";
import {
  download,
  type GeneratedWiki,
  startWithGeneratedWiki,
  TOKEN,
  unzip,
} from "./support/generated-wiki";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// DeepWiki's backend endpoints over a generated wiki (the cache, processed projects), and
// over a structural one behind an access code. /export/wiki is in deepwiki-export.test.ts,
// imports in several languages in deepwiki-import.test.ts.

const PLAIN_TOKEN = "my-own-private-token-42";

let generated: GeneratedWiki;
let server: ServerProcess;
let guarded: ServerProcess;
let repoDir: string;
let wiki: WikiView;

beforeAll(async () => {
  generated = await startWithGeneratedWiki();
  ({ server, wiki } = generated);
  repoDir = generated.fixture.repo.dir;
  guarded = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: generated.fixture.allowedRoot,
      AUTH_MODE: "access-code",
      ACCESS_CODE: "letmein",
    },
  });
});

afterAll(async () => {
  await Promise.all([generated?.stop(), guarded?.stop()]);
});

describe("DeepWiki /api/wiki_cache and /api/processed_projects", () => {
  const query = (language = "en") => `owner=local&repo=shop&repo_type=local&language=${language}`;

  it("GET returns the generated wiki's structure and every page, or null", async () => {
    const cached = await api<DeepWikiCache>(server.url, `/api/wiki_cache?${query()}`);
    expect(cached.status).toBe(200);
    expect(Object.keys(cached.body).sort()).toEqual(
      ["generated_pages", "model", "provider", "repo", "wiki_structure"].sort(),
    );
    expect(Object.keys(cached.body.generated_pages).sort()).toEqual(
      wiki.pages.map((page) => page.id).sort(),
    );
    for (const page of wiki.pages)
      expect(cached.body.generated_pages[page.id].content).toBe(page.content);
    expect(cached.body.wiki_structure.sections.length).toBe(wiki.sections.length);
    const none = await api(
      server.url,
      "/api/wiki_cache?owner=local&repo=nothing&repo_type=local&language=en",
    );
    expect(none).toEqual({ status: 200, body: null });
    const otherType = await api(
      server.url,
      "/api/wiki_cache?owner=local&repo=shop&repo_type=github&language=en",
    );
    expect(otherType.body).toBeNull();
  });

  it("POST → GET → export → DELETE round trip never keeps a token", async () => {
    const page = (id: string, content: string) => ({
      id,
      title: id.toUpperCase(),
      content,
      filePaths: ["src/retry.ts"],
      importance: "high",
      relatedPages: [],
    });
    const body = {
      repo: { owner: "local", repo: "shop", type: "local", token: PLAIN_TOKEN, localPath: repoDir },
      language: "ja",
      provider: "google",
      model: "gemini-2.0-flash",
      wiki_structure: {
        id: "wiki",
        title: "Shop wiki",
        description: "Imported from DeepWiki",
        pages: [page("intro", ""), page("retries", "")],
        sections: [{ id: "s1", title: "Basics", pages: ["intro", "retries"] }],
        rootSections: ["s1"],
      },
      generated_pages: {
        intro: page(
          "intro",
          `Clone with https://oauth2:${TOKEN}@github.com/acme/shop and ${PLAIN_TOKEN}.`,
        ),
        retries: page("retries", "See [intro](wiki:intro) and src/retry.ts:1-7."),
      },
    };
    const stored = await api<{ success: boolean; message: string; wiki_id: string }>(
      server.url,
      "/api/wiki_cache",
      { method: "POST", json: body },
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ success: true, message: "Wiki cache saved successfully" });

    const cached = await api<DeepWikiCache>(server.url, `/api/wiki_cache?${query("ja")}`);
    expect(cached.body.provider).toBe("google");
    expect(cached.body.model).toBe("gemini-2.0-flash");
    expect(cached.body.wiki_structure.title).toBe("Shop wiki");
    expect(cached.body.wiki_structure.sections).toEqual([
      { id: "s1", title: "Basics", pages: ["intro", "retries"], subsections: [] },
    ]);
    expect(cached.body.generated_pages.retries.content).toBe(body.generated_pages.retries.content);
    expect(cached.body.generated_pages.intro.content).toContain("https://***@github.com/acme/shop");
    // The English wiki is untouched.
    expect((await api<DeepWikiCache>(server.url, `/api/wiki_cache?${query()}`)).body.provider).toBe(
      wiki.provider,
    );

    const everything = [
      JSON.stringify(cached.body),
      JSON.stringify((await api(server.url, `/api/wikis/${stored.body.wiki_id}`)).body),
      ...(await Promise.all(
        ["markdown", "json", "zip"].map(async (format) => {
          const file = await download(
            server.url,
            `/api/wikis/${stored.body.wiki_id}/export?format=${format}`,
          );
          return format === "zip"
            ? [...unzip(file.bytes).values()].join("\n")
            : file.bytes.toString();
        }),
      )),
    ];
    for (const text of everything) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(PLAIN_TOKEN);
      expect(text).not.toContain('"token"');
    }

    const projects = await api<ProcessedProject[]>(server.url, "/api/processed_projects");
    expect(projects.status).toBe(200);
    expect(projects.body.slice(0, 2)).toEqual([
      {
        id: stored.body.wiki_id,
        owner: "local",
        repo: "shop",
        name: "local/shop",
        repo_type: "local",
        submittedAt: expect.any(Number),
        language: "ja",
      },
      expect.objectContaining({ id: wiki.wiki_id, language: "en", repo_type: "local" }),
    ]);
    expect(projects.body[0].submittedAt).toBeGreaterThanOrEqual(projects.body[1].submittedAt);
    expect(Math.abs(projects.body[0].submittedAt - Date.now())).toBeLessThan(5 * 60_000);

    const deleted = await api<{ message: string }>(server.url, `/api/wiki_cache?${query("ja")}`, {
      method: "DELETE",
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body.message).toMatch(/deleted/);
    expect((await api(server.url, `/api/wiki_cache?${query("ja")}`)).body).toBeNull();
    expect((await api(server.url, `/api/wikis/${stored.body.wiki_id}`)).status).toBe(404);
    expect(
      (await api(server.url, `/api/wiki_cache?${query("ja")}`, { method: "DELETE" })).status,
    ).toBe(404);
    const after = (await api<ProcessedProject[]>(server.url, "/api/processed_projects")).body;
    expect(after.map((project) => project.language)).toEqual(["en"]);
  });

  it("POST refuses a repository Cartograph does not know, and a body without pages", async () => {
    const unknown = await api<{ error: { message: string } }>(server.url, "/api/wiki_cache", {
      method: "POST",
      json: {
        repo: { owner: "acme", repo: "unknown", type: "github" },
        language: "en",
        provider: "google",
        model: "m",
        wiki_structure: {
          id: "w",
          title: "t",
          description: "",
          pages: [
            {
              id: "a",
              title: "A",
              content: "x",
              filePaths: [],
              importance: "high",
              relatedPages: [],
            },
          ],
          sections: [],
          rootSections: [],
        },
        generated_pages: {},
      },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /acme\/unknown \(github\) is not a repository Cartograph knows/,
    );
    const empty = await api(server.url, "/api/wiki_cache", {
      method: "POST",
      json: {
        repo: { owner: "local", repo: "shop", type: "local" },
        language: "en",
        provider: "p",
        model: "m",
        wiki_structure: {
          id: "w",
          title: "t",
          description: "",
          pages: [],
          sections: [],
          rootSections: [],
        },
        generated_pages: {},
      },
    });
    expect(empty.status).toBe(400);
    const invalid = await api(server.url, "/api/wiki_cache", {
      method: "POST",
      json: { repo: {} },
    });
    expect(invalid.status).toBe(400);
  });
});

describe("with an access code and no model", () => {
  const auth = { authorization: "Bearer letmein" };
  const query = "owner=local&repo=shop&repo_type=local&language=en";

  it("exports the structural wiki, and DELETE /api/wiki_cache needs the code (header or authorization_code)", async () => {
    expect((await api(guarded.url, `/api/wiki_cache?${query}`)).status).toBe(401);
    const started = await api<StartWikiResponse>(guarded.url, "/api/wikis", {
      method: "POST",
      headers: auth,
      json: { repo_url: repoDir },
    });
    expect(started.status).toBe(202);
    await waitFor(
      async () => {
        const status = await api<{ status: string }>(
          guarded.url,
          `/api/research/${started.body.research_id}/status`,
          { headers: auth },
        );
        return ["completed", "failed"].includes(status.body.status) && status.body;
      },
      { timeoutMs: 60_000, what: "the structural wiki" },
    );
    const structural = (
      await api<WikiView>(guarded.url, `/api/wikis/${started.body.wiki_id}`, { headers: auth })
    ).body;
    expect(structural.structural).toBe(true);
    // The overview quotes the README, without its credential.
    expect(JSON.stringify(structural)).toContain("GITHUB_TOKEN=***");
    expect(JSON.stringify(structural)).not.toContain(TOKEN);
    const markdown = await download(
      guarded.url,
      `/api/wikis/${structural.wiki_id}/export?format=markdown`,
      { headers: auth },
    );
    const text = markdown.bytes.toString("utf8");
    for (const page of structural.pages) expect(text).toContain(`<a id="${page.id}"></a>`);
    expect(text).toContain("structural wiki, no model");
    expect((await download(guarded.url, `/api/wikis/${structural.wiki_id}/export`)).status).toBe(
      401,
    );

    const cached = await api<DeepWikiCache>(guarded.url, `/api/wiki_cache?${query}`, {
      headers: auth,
    });
    expect(cached.body.provider).toBe("none");
    expect((await api(guarded.url, `/api/wiki_cache?${query}`, { method: "DELETE" })).status).toBe(
      401,
    );
    expect(
      (
        await api(guarded.url, `/api/wiki_cache?${query}&authorization_code=wrong`, {
          method: "DELETE",
        })
      ).status,
    ).toBe(401);
    const deleted = await api(guarded.url, `/api/wiki_cache?${query}&authorization_code=letmein`, {
      method: "DELETE",
    });
    expect(deleted.status).toBe(200);
    expect((await api(guarded.url, `/api/wiki_cache?${query}`, { headers: auth })).body).toBeNull();
  });
});
