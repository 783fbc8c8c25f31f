import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeepWikiCache } from "../lib/protocol/deepwiki";
import type { WikiView } from "../lib/protocol/wiki";
import { api } from "./support/clients";
import {
  download,
  type GeneratedWiki,
  startWithGeneratedWiki,
  TOKEN,
  unzip,
} from "./support/generated-wiki";
import type { ServerProcess } from "./support/server-process";

// Our export of a generated wiki (Markdown, zip, JSON), and that no credential from the
// sources survives it. DeepWiki's endpoints are in deepwiki-cache.test.ts.

let generated: GeneratedWiki;
let server: ServerProcess;
let wiki: WikiView;
let runId: string;

beforeAll(async () => {
  generated = await startWithGeneratedWiki();
  ({ server, wiki, runId } = generated);
});

afterAll(async () => {
  await generated?.stop();
});

describe("a credential in the sources", () => {
  it("is neither stored, streamed nor returned with the wiki", async () => {
    const view = await api<WikiView>(server.url, `/api/wikis/${wiki.wiki_id}`);
    expect(view.body.pages.some((page) => page.content.includes("GITHUB_TOKEN=***"))).toBe(true);
    expect(JSON.stringify(view.body)).not.toContain(TOKEN);
    const logs = await api<{ events: { partial?: { text: string } }[] }>(
      server.url,
      `/api/research/${runId}/logs?limit=1000`,
    );
    const streamed = logs.body.events.map((event) => event.partial?.text ?? "").join("");
    expect(streamed).toContain("GITHUB_TOKEN=***");
    expect(JSON.stringify(logs.body)).not.toContain(TOKEN);
  });
});

describe("GET /api/wikis/{id}/export", () => {
  const base = () => `local-shop-${wiki.commit.slice(0, 7)}-en`;

  it("Markdown: one file with the contents, every page and links turned into anchors", async () => {
    const file = await download(server.url, `/api/wikis/${wiki.wiki_id}/export?format=markdown`);
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^text\/markdown/);
    expect(file.disposition).toBe(`attachment; filename=${base()}.md`);
    const text = file.bytes.toString("utf8");
    expect(text.startsWith(`# ${wiki.title}\n`)).toBe(true);
    // Cartograph's own layout, not DeepWiki's (deepwiki-export.test.ts).
    expect(text).not.toContain("## Table of Contents");
    const contents = text.slice(text.indexOf("## Contents"), text.indexOf("\n---\n"));
    for (const page of wiki.pages) {
      expect(contents).toContain(`[${page.title}](#${page.id})`);
      expect(text).toContain(`<a id="${page.id}"></a>`);
      // Every cited line range of the stored page is in the export as text.
      for (const citation of page.content.match(/[\w./-]+\.\w+:\d+-\d+/g) ?? [])
        expect(text).toContain(citation);
    }
    for (const section of wiki.sections) expect(contents).toContain(`- ${section.title}`);
    expect(wiki.pages.some((page) => page.content.includes("](wiki:"))).toBe(true);
    expect(text.replace(/```[\s\S]*?```/g, "")).not.toContain("](wiki:");
    expect(text).toContain("```mermaid");
  });

  it("zip: a folder per section, a page file each, and a README with the contents", async () => {
    const file = await download(server.url, `/api/wikis/${wiki.wiki_id}/export?format=zip`);
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/zip");
    expect(file.disposition).toBe(`attachment; filename=${base()}.zip`);
    const entries = unzip(file.bytes);
    const names = [...entries.keys()];
    expect(names[0]).toBe(`${base()}/README.md`);
    expect(names.filter((name) => name.endsWith(".md"))).toHaveLength(wiki.pages.length + 1);
    const readme = entries.get(`${base()}/README.md`)!;
    for (const page of wiki.pages) {
      const entry = names.find((name) => entries.get(name)!.startsWith(`# ${page.title}\n`));
      expect(entry, page.id).toBeDefined();
      expect(readme).toContain(`[${page.title}](${entry!.slice(base().length + 1)})`);
      if (page.section_id) {
        const section = wiki.sections.find((s) => s.id === page.section_id)!;
        const folder = path.posix.basename(path.posix.dirname(entry!));
        expect(folder).toMatch(
          new RegExp(`^\\d+-${section.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`),
        );
      }
    }
    // Links between pages point at files that exist in the archive.
    for (const [name, content] of entries) {
      for (const [, target] of content.matchAll(/\]\(([^)#\s]+\.md)\)/g)) {
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(name), target));
        expect(entries.has(resolved), `${name} → ${target}`).toBe(true);
      }
    }
  });

  it("JSON: the DeepWiki cache shape with the stored content", async () => {
    const file = await download(server.url, `/api/wikis/${wiki.wiki_id}/export?format=json`);
    expect(file.disposition).toBe(`attachment; filename=${base()}.json`);
    const json = JSON.parse(file.bytes.toString("utf8")) as DeepWikiCache & {
      commit: string;
      language: string;
    };
    expect(json.commit).toBe(wiki.commit);
    expect(json.language).toBe("en");
    expect(json.provider).toBe(wiki.provider);
    expect(json.model).toBe(wiki.model);
    expect(json.repo).toEqual({
      owner: "local",
      repo: "shop",
      type: "local",
      localPath: wiki.source,
    });
    expect(json.wiki_structure.pages.map((page) => page.id)).toEqual(wiki.pages.map((p) => p.id));
    expect(json.wiki_structure.rootSections).toEqual(wiki.root_sections);
    for (const page of wiki.pages)
      expect(json.generated_pages[page.id]).toEqual({
        id: page.id,
        title: page.title,
        content: page.content,
        filePaths: page.file_paths,
        importance: page.importance,
        relatedPages: page.related_pages,
      });
  });

  it("rejects an unknown format and an unknown wiki", async () => {
    expect((await api(server.url, `/api/wikis/${wiki.wiki_id}/export?format=pdf`)).status).toBe(
      400,
    );
    expect((await api(server.url, "/api/wikis/nope/export")).status).toBe(404);
  });
});
