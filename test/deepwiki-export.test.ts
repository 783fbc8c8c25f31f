import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "./support/clients";
import { download, TOKEN } from "./support/generated-wiki";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// DeepWiki's POST /export/wiki writes DeepWiki-open's own layout, stamped with the server's
// local time: the server runs in Tokyo (UTC+9, no daylight saving) to tell it from UTC.

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({ env: { TZ: "Asia/Tokyo" } });
});

afterAll(async () => {
  await server?.stop();
});

const pages = [
  {
    id: "page-1",
    title: "Intro",
    content: `# Intro\n\nHello ${TOKEN}. Wrong: src/x.ts:99-100 ✓  `,
    filePaths: ["README.md"],
    importance: "high",
    relatedPages: ["page-2", "unknown"],
  },
  {
    id: "page-2",
    title: "Setup 設定",
    content: "Steps.\n\n```mermaid\ngraph TD\n  A-->B\n```",
    filePaths: [],
    importance: "low",
    relatedPages: [],
  },
];

const exportOf = (format: string, repoUrl = "https://github.com/acme/shop/") =>
  download(server.url, "/export/wiki", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ repo_url: repoUrl, pages, format }),
  });

/** The instant a local Tokyo wall-clock time names. */
const tokyoInstant = (local: string) => Date.parse(`${local.replace(" ", "T")}+09:00`);
// The server wrote its local time just now: generous, it only has to tell Tokyo from UTC.
const NOW_WINDOW_MS = 5 * 60_000;

describe("DeepWiki POST /export/wiki", () => {
  it("Markdown: DeepWiki's layout, in the server's local time, named {repo}_wiki_{time}.md", async () => {
    const file = await exportOf("markdown");
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^text\/markdown/);
    const name = /^attachment; filename=shop_wiki_(\d{8})_(\d{6})\.md$/.exec(file.disposition);
    expect(name, file.disposition).not.toBeNull();
    const text = file.bytes.toString("utf8");
    const generated = /^Generated on: (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})$/m.exec(text)?.[1];
    expect(generated).toBeDefined();
    expect(Math.abs(tokyoInstant(generated!) - Date.now())).toBeLessThan(NOW_WINDOW_MS);
    expect(`${name![1]}_${name![2]}`).toBe(
      generated!.replace(/-/g, "").replace(" ", "_").replace(/:/g, ""),
    );
    expect(text).toBe(
      [
        "# Wiki Documentation for https://github.com/acme/shop/\n\n",
        `Generated on: ${generated}\n\n`,
        "## Table of Contents\n\n",
        "- [Intro](#page-1)\n",
        "- [Setup 設定](#page-2)\n",
        "\n",
        "<a id='page-1'></a>\n\n",
        "## Intro\n\n",
        "### Related Pages\n\n",
        "Related topics: [Setup 設定](#page-2)\n\n",
        "# Intro\n\nHello ***. Wrong: src/x.ts:99-100 ✓  \n\n",
        "---\n\n",
        "<a id='page-2'></a>\n\n",
        "## Setup 設定\n\n",
        "Steps.\n\n```mermaid\ngraph TD\n  A-->B\n```\n\n",
        "---\n\n",
      ].join(""),
    );
  });

  it("JSON: {metadata, pages} indented by two, ASCII only, generated_at in local time", async () => {
    const file = await exportOf("json");
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^application\/json/);
    const name = /^attachment; filename=shop_wiki_(\d{8}_\d{6})\.json$/.exec(file.disposition);
    expect(name, file.disposition).not.toBeNull();
    const text = file.bytes.toString("utf8");
    expect(
      text.startsWith('{\n  "metadata": {\n    "repository": "https://github.com/acme/shop/",'),
    ).toBe(true);
    expect(text).toMatch(/^[\n\x20-\x7e]*$/);
    expect(text).toContain('"title": "Setup \\u8a2d\\u5b9a"');
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(["metadata", "pages"]);
    expect(Object.keys(json.metadata)).toEqual(["repository", "generated_at", "page_count"]);
    const generatedAt: string = json.metadata.generated_at;
    // Python's isoformat(): no zone, microseconds unless they are zero.
    expect(generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/);
    expect(Math.abs(tokyoInstant(generatedAt) - Date.now())).toBeLessThan(NOW_WINDOW_MS);
    expect(name![1]).toBe(
      generatedAt.slice(0, 19).replace(/-/g, "").replace("T", "_").replace(/:/g, ""),
    );
    expect(json.metadata).toMatchObject({
      repository: "https://github.com/acme/shop/",
      page_count: 2,
    });
    expect(json.pages).toEqual([
      { ...pages[0], content: "# Intro\n\nHello ***. Wrong: src/x.ts:99-100 ✓  " },
      pages[1],
    ]);
    expect(text).not.toContain(TOKEN);
  });

  it("refuses an unknown format", async () => {
    const bad = await api(server.url, "/export/wiki", {
      method: "POST",
      json: { repo_url: "x", pages, format: "pdf" },
    });
    expect(bad.status).toBe(400);
  });
});
