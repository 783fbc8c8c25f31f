import type { ExportFormat, WikiView } from "../protocol/wiki";
import { redactTokens } from "../security/redact-tokens";
import { toDeepWikiCache } from "./deepwiki";
import { type ExportableWiki, renderMarkdown, renderZipEntries, slugify } from "./export-render";
import { writeZip } from "./zip";

/** One download: a wiki as Markdown, a zip of Markdown files, or JSON. */
export interface ExportFile {
  body: string | Uint8Array;
  contentType: string;
  filename: string;
}

/** A stored wiki as the renderers see it; a page that was not written says so. */
export function exportableOf(view: WikiView): ExportableWiki {
  const model = view.structural ? "structural wiki, no model" : `${view.provider}/${view.model}`;
  return {
    title: view.title || `${view.owner}/${view.name}`,
    description: view.description,
    meta: [
      `Repository: ${view.source}`,
      `Commit: \`${view.commit}\` · Language: ${view.language} · Type: ${view.wiki_type} · Model: ${model}`,
    ],
    sections: view.sections,
    rootSections: view.root_sections,
    pages: view.pages.map((page) => ({
      id: page.id,
      title: page.title,
      content:
        page.status === "done" || page.content
          ? page.content
          : `*This page was not generated${page.error ? `: ${page.error}` : "."}*`,
      relatedPages: page.related_pages,
    })),
  };
}

/** `owner-repo-commit7-lang.ext`, every part slugged. */
export function exportBaseName(view: Pick<WikiView, "owner" | "name" | "commit" | "language">) {
  return [
    slugify(view.owner, "repo"),
    slugify(view.name, "wiki"),
    view.commit.slice(0, 7),
    slugify(view.language, "en"),
  ].join("-");
}

/** The downloadable file of a stored wiki in one format; token-like strings are removed. */
export function exportWiki(view: WikiView, format: ExportFormat): ExportFile {
  const base = exportBaseName(view);
  const wiki = redactWiki(exportableOf(view));
  if (format === "markdown") {
    return {
      body: renderMarkdown(wiki),
      contentType: "text/markdown; charset=utf-8",
      filename: `${base}.md`,
    };
  }
  if (format === "zip") {
    return {
      body: writeZip(renderZipEntries(wiki, base), new Date(view.updated_at)),
      contentType: "application/zip",
      filename: `${base}.zip`,
    };
  }
  const json = {
    ...toDeepWikiCache(view),
    commit: view.commit,
    language: view.language,
  };
  return {
    body: redactTokens(`${JSON.stringify(json, null, 2)}\n`),
    contentType: "application/json; charset=utf-8",
    filename: `${base}.json`,
  };
}

/** A download response for an export. */
export function downloadResponse(file: ExportFile): Response {
  return new Response(file.body as BodyInit, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename=${file.filename}`,
      "cache-control": "no-store",
    },
  });
}

function redactWiki(wiki: ExportableWiki): ExportableWiki {
  return {
    ...wiki,
    title: redactTokens(wiki.title),
    description: redactTokens(wiki.description),
    meta: wiki.meta.map((line) => redactTokens(line)),
    pages: wiki.pages.map((page) => ({
      ...page,
      title: redactTokens(page.title),
      content: redactTokens(page.content),
    })),
  };
}
