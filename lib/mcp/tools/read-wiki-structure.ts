import { z } from "zod";
import type { WikiView } from "../../protocol/wiki";
import { defineTool } from "../tool";
import { wikiFilterFields, wikiFilterOf } from "./wiki-filter";

/** `GET /api/repos/{id}/wiki` without the pages' text: the table of contents. */
export const readWikiStructure = defineTool({
  name: "read_wiki_structure",
  title: "Read a wiki's structure",
  description:
    "Returns the table of contents of a repository's generated wiki: its sections and pages " +
    "(page id, title, description, importance, source files). Read a page's text with " +
    "read_wiki_page and its page_id. A repository without a wiki answers an error; wikis " +
    "are generated in Cartograph's UI or with POST /api/wikis.",
  input: z.object({ repo_id: z.string().min(1).max(200), ...wikiFilterFields }),
  readOnly: true,
  access: "read",
  async run(args, { services, principal }) {
    const wiki = await services.wikis.viewOfRepo(principal, args.repo_id, wikiFilterOf(args));
    const pages = wiki.pages.map(({ content: _content, checks: _checks, ...page }) => page);
    return {
      text: outline(wiki),
      structured: {
        wiki_id: wiki.wiki_id,
        repo_id: wiki.repo_id,
        title: wiki.title,
        description: wiki.description,
        commit: wiki.commit,
        language: wiki.language,
        wiki_type: wiki.wiki_type,
        model: wiki.model,
        status: wiki.status,
        latest_commit: wiki.latest_commit,
        sections: wiki.sections,
        root_sections: wiki.root_sections,
        pages,
      },
    };
  },
});

/** The wiki as an indented outline: sections in order, each page with its id. */
function outline(wiki: WikiView): string {
  const sections = new Map(wiki.sections.map((section) => [section.id, section]));
  const pages = new Map(wiki.pages.map((page) => [page.id, page]));
  const listed = new Set<string>();
  const lines = [
    `# ${wiki.title} (wiki ${wiki.wiki_id}, commit ${wiki.commit.slice(0, 12)}, ${wiki.language}, ${wiki.status})`,
    wiki.description,
    "",
  ];
  const pageLine = (id: string, depth: number) => {
    const page = pages.get(id);
    if (!page || listed.has(id)) return;
    listed.add(id);
    lines.push(`${"  ".repeat(depth)}- ${page.title} [page_id: ${page.id}]: ${page.description}`);
  };
  const walk = (id: string, depth: number, seen: Set<string>) => {
    const section = sections.get(id);
    if (!section || seen.has(id)) return;
    seen.add(id);
    lines.push(`${"  ".repeat(depth)}${section.title}`);
    for (const page of section.pages) pageLine(page, depth + 1);
    for (const child of section.subsections) walk(child, depth + 1, seen);
  };
  const seen = new Set<string>();
  for (const root of wiki.root_sections) walk(root, 0, seen);
  for (const page of wiki.pages) pageLine(page.id, 0);
  return lines.join("\n");
}
