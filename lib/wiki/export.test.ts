import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { WikiPageView, WikiView } from "../protocol/wiki";
import { exportableOf, exportWiki } from "./export";
import { outlineOf, rewritePage } from "./export-render";
import { crc32 } from "./zip";

function page(id: string, title: string, content: string, extra: Partial<WikiPageView> = {}) {
  return {
    id,
    title,
    description: "",
    importance: "medium" as const,
    file_paths: ["src/app.ts"],
    related_pages: [],
    section_id: null,
    status: "done" as const,
    content,
    error: null,
    stale: false,
    checks: null,
    ...extra,
  };
}

const view: WikiView = {
  wiki_id: "w1",
  repo_id: "github.com~acme~rocket",
  owner: "acme",
  name: "Rocket",
  source: "https://github.com/acme/Rocket",
  commit: "0123456789abcdef0123456789abcdef01234567",
  language: "en",
  wiki_type: "comprehensive",
  provider: "openai",
  model: "gpt-test",
  structural: false,
  title: "Rocket wiki",
  description: "How Rocket flies.",
  status: "ready",
  error: null,
  research_id: null,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-02T00:00:00.000Z",
  sections: [
    { id: "s-core", title: "Core", pages: ["engine"], subsections: ["s-fuel"] },
    { id: "s-fuel", title: "Fuel & Tanks", pages: ["tanks"], subsections: [] },
  ],
  root_sections: ["s-core"],
  pages: [
    page(
      "overview",
      "Overview",
      "# Overview\n\n**Relevant source files**\n\n- src/app.ts\n\n## Purpose\n\nSee [the engine](wiki:engine) and `src/app.ts:1-9`.\n\n```ts\n# not a heading\n[x](wiki:engine)\n```",
      { related_pages: ["engine"] },
    ),
    page(
      "engine",
      "Engine",
      "## Thrust\n\nFuel comes from [Tanks](wiki:tanks) (src/engine.ts:3-14).",
      {
        section_id: "s-core",
      },
    ),
    page("tanks", "Tanks", "Links to [a ghost](wiki:ghost) stay as text.", {
      section_id: "s-fuel",
      related_pages: ["overview"],
    }),
    page("todo", "Pending page", "", { status: "failed", error: "model timed out" }),
  ],
  latest_commit: null,
  stale_pages: [],
  usage: { input_tokens: 0, output_tokens: 0, cost: 0, estimated: false },
};

describe("outline", () => {
  it("puts loose pages first, then sections with their pages and nested subsections", () => {
    const outline = outlineOf(exportableOf(view));
    const shape = (nodes: typeof outline): unknown[] =>
      nodes.map((node) =>
        node.kind === "page" ? node.page.id : { [node.title]: shape(node.children) },
      );
    expect(shape(outline)).toEqual([
      "overview",
      "todo",
      { Core: ["engine", { "Fuel & Tanks": ["tanks"] }] },
    ]);
  });
});

describe("Markdown export", () => {
  const file = exportWiki(view, "markdown");
  const text = file.body as string;

  it("is named owner-repo-commit7-language and is one document with contents", () => {
    expect(file.filename).toBe("acme-rocket-0123456-en.md");
    expect(text.startsWith("# Rocket wiki\n")).toBe(true);
    const contents = text.slice(text.indexOf("## Contents"), text.indexOf("---"));
    expect(contents).toContain("- [Overview](#overview)");
    expect(contents).toContain(
      "- Core\n  - [Engine](#engine)\n  - Fuel & Tanks\n    - [Tanks](#tanks)",
    );
  });

  it("anchors every page, rewrites page links to anchors and keeps citations as text", () => {
    for (const id of ["overview", "engine", "tanks", "todo"])
      expect(text).toContain(`<a id="${id}"></a>`);
    expect(text).toContain("See [the engine](#engine) and `src/app.ts:1-9`.");
    expect(text).toContain("Fuel comes from [Tanks](#tanks) (src/engine.ts:3-14).");
    expect(text).toContain("Links to a ghost stay as text.");
    expect(text.replace(/```ts[\s\S]*?```/, "")).not.toContain("(wiki:");
    // Fenced code is not touched.
    expect(text).toContain("```ts\n# not a heading\n[x](wiki:engine)\n```");
  });

  it("nests page headings below their section and drops a repeated title", () => {
    expect(text.match(/^#+ Overview$/gm)).toEqual(["## Overview"]);
    expect(text).toContain("### Purpose");
    expect(text).toContain("## Core");
    expect(text).toContain("### Engine\n\n#### Thrust");
    expect(text).toContain('### Fuel & Tanks\n\n---\n\n<a id="tanks"></a>\n\n#### Tanks');
  });

  it("says which pages were not generated", () => {
    expect(text).toContain("*This page was not generated: model timed out*");
  });
});

describe("zip export", () => {
  const file = exportWiki(view, "zip");
  const entries = readZip(file.body as Uint8Array);

  it("keeps sections as folders with a README holding the contents", () => {
    expect(file.filename).toBe("acme-rocket-0123456-en.zip");
    expect([...entries.keys()]).toEqual([
      "acme-rocket-0123456-en/README.md",
      "acme-rocket-0123456-en/01-overview.md",
      "acme-rocket-0123456-en/02-pending-page.md",
      "acme-rocket-0123456-en/03-core/01-engine.md",
      "acme-rocket-0123456-en/03-core/02-fuel-tanks/01-tanks.md",
    ]);
    const readme = entries.get("acme-rocket-0123456-en/README.md")!;
    expect(readme).toContain("- [Overview](01-overview.md)");
    expect(readme).toContain("  - [Engine](03-core/01-engine.md)");
    expect(readme).toContain("    - [Tanks](03-core/02-fuel-tanks/01-tanks.md)");
  });

  it("rewrites page links to relative file paths", () => {
    expect(entries.get("acme-rocket-0123456-en/01-overview.md")).toContain(
      "See [the engine](03-core/01-engine.md)",
    );
    expect(entries.get("acme-rocket-0123456-en/03-core/01-engine.md")).toContain(
      "[Tanks](02-fuel-tanks/01-tanks.md)",
    );
    expect(entries.get("acme-rocket-0123456-en/03-core/02-fuel-tanks/01-tanks.md")).toContain(
      "Related pages: [Overview](../../01-overview.md)",
    );
  });

  it("is a valid archive for the system unzip", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wiki-zip-"));
    const archive = path.join(dir, "wiki.zip");
    writeFileSync(archive, file.body as Uint8Array);
    try {
      execFileSync("unzip", ["-q", "-t", archive]);
      execFileSync("unzip", ["-q", archive, "-d", dir]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // no unzip here
      throw error;
    }
    expect(
      readFileSync(path.join(dir, "acme-rocket-0123456-en/03-core/01-engine.md"), "utf8"),
    ).toBe(entries.get("acme-rocket-0123456-en/03-core/01-engine.md"));
  });
});

describe("JSON export", () => {
  it("holds the DeepWiki cache shape with commit and language", () => {
    const file = exportWiki(view, "json");
    expect(file.filename).toBe("acme-rocket-0123456-en.json");
    const json = JSON.parse(file.body as string);
    expect(Object.keys(json).sort()).toEqual(
      [
        "commit",
        "generated_pages",
        "language",
        "model",
        "provider",
        "repo",
        "wiki_structure",
      ].sort(),
    );
    expect(json.repo).toEqual({
      owner: "acme",
      repo: "Rocket",
      type: "github",
      repoUrl: "https://github.com/acme/Rocket",
    });
    expect(json.wiki_structure.pages.map((p: { id: string }) => p.id)).toEqual([
      "overview",
      "engine",
      "tanks",
      "todo",
    ]);
    expect(json.wiki_structure.sections[0]).toEqual({
      id: "s-core",
      title: "Core",
      pages: ["engine"],
      subsections: ["s-fuel"],
    });
    expect(json.generated_pages.engine).toEqual({
      id: "engine",
      title: "Engine",
      content: view.pages[1].content,
      filePaths: ["src/app.ts"],
      importance: "medium",
      relatedPages: [],
    });
  });
});

describe("tokens", () => {
  it("never leave in any format", () => {
    const secret = ["ghp", "abcdefghijklmnopqrstuvwxyz0123456789"].join("_");
    const leaky: WikiView = {
      ...view,
      pages: [page("p", "P", `Clone https://x-access-token:${secret}@github.com/acme/rocket`)],
    };
    for (const format of ["markdown", "json"] as const)
      expect(exportWiki(leaky, format).body as string).not.toContain(secret);
    for (const content of readZip(exportWiki(leaky, "zip").body as Uint8Array).values())
      expect(content).not.toContain(secret);
  });
});

describe("rewritePage", () => {
  it("leaves content without headings or links as it is", () => {
    const content = "Plain text with `a.ts:1-2`.";
    expect(
      rewritePage(
        { id: "a", title: "A", content, relatedPages: [] },
        { link: () => null, headingBase: 2 },
      ),
    ).toBe(content);
  });
});

/** Reads a zip's central directory and inflates every entry (checking each CRC). */
function readZip(bytes: Uint8Array): Map<string, string> {
  const buffer = Buffer.from(bytes);
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(buffer.readUInt32LE(at)).toBe(0x02014b50);
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const offset = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const dataStart =
      offset + 30 + buffer.readUInt16LE(offset + 26) + buffer.readUInt16LE(offset + 28);
    const raw = buffer.subarray(dataStart, dataStart + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(crc32(data)).toBe(crc);
    entries.set(name, data.toString("utf8"));
    at += 46 + nameLength;
  }
  return entries;
}
