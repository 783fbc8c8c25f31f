import { z } from "zod";
import { AppError } from "../../errors";
import { defineTool } from "../tool";
import { wikiFilterFields, wikiFilterOf } from "./wiki-filter";

/** One page of a repository's wiki (`GET /api/repos/{id}/wiki`, the page picked out). */
export const readWikiPage = defineTool({
  name: "read_wiki_page",
  title: "Read a wiki page",
  description:
    "Returns one page of a repository's generated wiki as Markdown, with its source files. " +
    "Citations in it (path:start-end) were checked against the wiki's commit; read them with " +
    "read_file. Page ids come from read_wiki_structure.",
  input: z.object({
    repo_id: z.string().min(1).max(200),
    page_id: z.string().min(1).max(200).describe("a page_id from read_wiki_structure"),
    ...wikiFilterFields,
  }),
  readOnly: true,
  access: "read",
  async run(args, { services, principal }) {
    const wiki = await services.wikis.viewOfRepo(principal, args.repo_id, wikiFilterOf(args));
    const page = wiki.pages.find((candidate) => candidate.id === args.page_id);
    if (!page)
      throw new AppError(
        "not_found:wiki",
        "This wiki has no such page; read_wiki_structure lists its page ids",
      );
    const notes = [
      page.status !== "done"
        ? `Page status: ${page.status}${page.error ? ` (${page.error})` : ""}.`
        : "",
      page.stale ? "A source file of this page changed in a newer commit." : "",
      page.file_paths.length ? `Sources: ${page.file_paths.join(", ")}` : "",
      page.related_pages.length ? `Related pages: ${page.related_pages.join(", ")}` : "",
    ].filter(Boolean);
    return {
      text: `# ${page.title}\n\n${page.content}\n\n---\n${notes.join("\n")}`,
      structured: {
        wiki_id: wiki.wiki_id,
        commit: wiki.commit,
        language: wiki.language,
        page,
      },
    };
  },
});
