import type { DeepWikiPage, ExportWikiRequest } from "../protocol/deepwiki";
import { redactTokens } from "../security/redact-tokens";
import type { ExportFile } from "./export";

/**
 * DeepWiki's `POST /export/wiki`, in DeepWiki-open's own layout (its api.py:
 * `generate_markdown_export`, `generate_json_export`), so files and the scripts reading them
 * match what DeepWiki writes. Cartograph's richer export of a stored wiki is export.ts.
 */

/**
 * The pages a client holds as `{repo}_wiki_{YYYYmmdd_HHMMSS}.md` or `.json`, stamped with
 * the server's local time (TZ applies) as DeepWiki stamps them. Credentials are removed.
 */
export function exportDeepWikiPages(request: ExportWikiRequest, now = new Date()): ExportFile {
  const repoUrl = redactTokens(request.repo_url);
  const pages = request.pages.map((page) => ({
    ...page,
    title: redactTokens(page.title),
    content: redactTokens(page.content),
  }));
  const time = localTime(now);
  const base = `${repoNameOf(repoUrl)}_wiki_${time.stamp}`;
  if (request.format === "markdown") {
    return {
      body: deepWikiMarkdown(repoUrl, pages, time.text),
      contentType: "text/markdown; charset=utf-8",
      filename: `${base}.md`,
    };
  }
  return {
    body: deepWikiJson(repoUrl, pages, time.iso),
    contentType: "application/json",
    filename: `${base}.json`,
  };
}

/** Title, generation time, table of contents, then each page with its related pages. */
export function deepWikiMarkdown(
  repoUrl: string,
  pages: DeepWikiPage[],
  generatedOn: string,
): string {
  const byId = new Map<string, DeepWikiPage>();
  for (const page of pages) if (!byId.has(page.id)) byId.set(page.id, page);
  let markdown = `# Wiki Documentation for ${repoUrl}\n\n`;
  markdown += `Generated on: ${generatedOn}\n\n`;
  markdown += "## Table of Contents\n\n";
  for (const page of pages) markdown += `- [${page.title}](#${page.id})\n`;
  markdown += "\n";
  for (const page of pages) {
    markdown += `<a id='${page.id}'></a>\n\n`;
    markdown += `## ${page.title}\n\n`;
    if (page.relatedPages.length > 0) {
      markdown += "### Related Pages\n\n";
      const related = page.relatedPages.flatMap((id) => {
        const target = byId.get(id);
        return target ? [`[${target.title}](#${id})`] : [];
      });
      if (related.length > 0) markdown += `Related topics: ${related.join(", ")}\n\n`;
    }
    markdown += `${page.content}\n\n`;
    markdown += "---\n\n";
  }
  return markdown;
}

/** `{metadata, pages}` indented by two, non-ASCII escaped, as Python's `json.dumps` writes it. */
export function deepWikiJson(repoUrl: string, pages: DeepWikiPage[], generatedAt: string): string {
  const document = {
    metadata: { repository: repoUrl, generated_at: generatedAt, page_count: pages.length },
    pages: pages.map((page) => ({
      id: page.id,
      title: page.title,
      content: page.content,
      filePaths: page.filePaths,
      importance: page.importance,
      relatedPages: page.relatedPages,
    })),
  };
  return JSON.stringify(document, null, 2).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The server's wall-clock time as Python's `datetime.now()` gives it: `text` as
 * `%Y-%m-%d %H:%M:%S`, `iso` as `isoformat()` (no zone, microseconds unless zero) and
 * `stamp` as `%Y%m%d_%H%M%S`.
 */
export function localTime(now: Date): { text: string; iso: string; stamp: string } {
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  const date = `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  const millis = now.getMilliseconds();
  return {
    text: `${date} ${time}`,
    iso: `${date}T${time}${millis === 0 ? "" : `.${pad(millis, 3)}000`}`,
    stamp: `${date.replaceAll("-", "")}_${time.replaceAll(":", "")}`,
  };
}

/** The last segment of the repository URL (DeepWiki's `repo_name`), safe in a header. */
function repoNameOf(repoUrl: string): string {
  const last = repoUrl.replace(/\/+$/, "").split("/").pop() ?? "";
  return last.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "") || "wiki";
}
