import { z } from "zod";
import { defineTool } from "../tool";

/** `GET /api/repos`: the repositories this server has, with their newest indexed commit. */
export const listRepositories = defineTool({
  name: "list_repositories",
  title: "List repositories",
  description:
    "Lists the code repositories Cartograph has indexed (or is indexing), with their repo_id, " +
    "source and newest snapshot (commit, status, file count). Use the repo_id with search_code, " +
    "read_file, read_wiki_structure, read_wiki_page, ask_question and start_research. A " +
    "repository that is not listed can be added with add_repository.",
  input: z.object({}),
  readOnly: true,
  access: "read",
  async run(_args, { services, principal }) {
    const items = await services.repos.list(principal);
    const lines = items.map((item) => {
      const latest = item.latest_snapshot;
      const state = latest
        ? `${latest.status}, commit ${latest.commit.slice(0, 12)}${latest.ref ? ` (${latest.ref})` : ""}, ${latest.file_count ?? 0} files`
        : "no snapshot";
      return `- ${item.repo_id}: ${item.owner}/${item.name} from ${item.source} [${state}]`;
    });
    return {
      text: items.length
        ? `${items.length} repositories:\n${lines.join("\n")}`
        : "No repositories yet: add one with add_repository.",
      structured: { repositories: items },
    };
  },
});
