import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportDeepWikiPages, localTime } from "./deepwiki-export";

const secret = ["ghp", "0123456789abcdefghijklmnopqrstuvwxyz"].join("_");

const request = {
  repo_url: "https://github.com/AsyncFuncAI/deepwiki-open/",
  pages: [
    {
      id: "page-1",
      title: "Intro",
      content: "# Intro\n\nHello 世界 😀.  ",
      filePaths: ["README.md"],
      importance: "high" as const,
      relatedPages: ["page-2", "gone"],
    },
    {
      id: "page-2",
      title: "Setup",
      content: `Steps with ${secret}.`,
      filePaths: [],
      importance: "low" as const,
      relatedPages: [],
    },
    {
      id: "page-3",
      title: "Orphans",
      content: "Nothing related exists.",
      filePaths: [],
      importance: "medium" as const,
      relatedPages: ["gone"],
    },
  ],
};

// 05:06:07.089 UTC is 14:06:07 in Tokyo: the server's local time, as DeepWiki's datetime.now().
const now = new Date("2026-03-04T05:06:07.089Z");
let zone: string | undefined;
beforeEach(() => {
  zone = process.env.TZ;
  process.env.TZ = "Asia/Tokyo";
});
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe("DeepWiki's /export/wiki layout", () => {
  it("Markdown: title, local generation time, table of contents, pages with related topics", () => {
    const file = exportDeepWikiPages({ ...request, format: "markdown" }, now);
    expect(file.filename).toBe("deepwiki-open_wiki_20260304_140607.md");
    expect(file.contentType).toBe("text/markdown; charset=utf-8");
    expect(file.body).toBe(
      [
        "# Wiki Documentation for https://github.com/AsyncFuncAI/deepwiki-open/\n\n",
        "Generated on: 2026-03-04 14:06:07\n\n",
        "## Table of Contents\n\n",
        "- [Intro](#page-1)\n- [Setup](#page-2)\n- [Orphans](#page-3)\n\n",
        "<a id='page-1'></a>\n\n## Intro\n\n",
        "### Related Pages\n\nRelated topics: [Setup](#page-2)\n\n",
        "# Intro\n\nHello 世界 😀.  \n\n---\n\n",
        "<a id='page-2'></a>\n\n## Setup\n\n",
        "Steps with ***.\n\n---\n\n",
        // A page whose related pages are all unknown keeps the heading, as in DeepWiki.
        "<a id='page-3'></a>\n\n## Orphans\n\n### Related Pages\n\n",
        "Nothing related exists.\n\n---\n\n",
      ].join(""),
    );
  });

  it("JSON: metadata with the local ISO time, the pages, indented by two, ASCII only", () => {
    const file = exportDeepWikiPages({ ...request, format: "json" }, now);
    expect(file.filename).toBe("deepwiki-open_wiki_20260304_140607.json");
    const body = file.body as string;
    expect(body).toMatch(/^\{\n {2}"metadata": \{\n {4}"repository": /);
    expect(body).toContain('"content": "# Intro\\n\\nHello \\u4e16\\u754c \\ud83d\\ude00.  "');
    expect(body).not.toContain(secret);
    expect(JSON.parse(body)).toEqual({
      metadata: {
        repository: request.repo_url,
        generated_at: "2026-03-04T14:06:07.089000",
        page_count: 3,
      },
      pages: request.pages.map((page) =>
        page.id === "page-2" ? { ...page, content: "Steps with ***." } : page,
      ),
    });
  });
});

describe("localTime", () => {
  it("follows TZ and leaves out zero microseconds, as Python's isoformat does", () => {
    expect(localTime(new Date("2026-12-31T15:00:00Z"))).toEqual({
      text: "2027-01-01 00:00:00",
      iso: "2027-01-01T00:00:00",
      stamp: "20270101_000000",
    });
    process.env.TZ = "America/New_York";
    expect(localTime(new Date("2026-07-01T03:04:05.6Z")).iso).toBe("2026-06-30T23:04:05.600000");
  });
});
