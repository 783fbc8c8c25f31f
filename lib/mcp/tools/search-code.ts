import { z } from "zod";
import { defineTool } from "../tool";

const SNIPPET_LINES = 30;

/** `GET /api/repos/{id}/search`: ranked code passages of the indexed snapshot. */
export const searchCode = defineTool({
  name: "search_code",
  title: "Search code",
  description:
    "Searches a repository's indexed code (identifier-aware BM25, plus embeddings when " +
    "configured) and returns the best passages, each as path:start-end with its symbol and a " +
    "snippet. Use plain words or identifiers; read more of a hit with read_file.",
  input: z.object({
    repo_id: z.string().min(1).max(200).describe("from list_repositories or add_repository"),
    query: z.string().trim().min(1).max(1_000).describe("words or identifiers to look for"),
    k: z.number().int().min(1).max(50).default(10).describe("number of results (1-50)"),
    ref: z
      .string()
      .max(255)
      .optional()
      .describe("branch, tag or commit; newest snapshot if omitted"),
  }),
  readOnly: true,
  access: "read",
  async run(args, { services, principal, signal }) {
    const snapshot = await services.repos.resolveSnapshot(principal, args.repo_id, args.ref);
    const results = await services.search.search(snapshot.id, args.query, args.k, signal);
    const items = results.map(({ path, start_line, end_line, score, symbol, snippet }) => ({
      location: `${path}:${start_line}-${end_line}`,
      path,
      start_line,
      end_line,
      score,
      ...(symbol ? { symbol } : {}),
      snippet: snippet.split("\n").slice(0, SNIPPET_LINES).join("\n"),
    }));
    const text = items.length
      ? items
          .map(
            (item, index) =>
              `${index + 1}. ${item.location}${item.symbol ? ` (${item.symbol})` : ""}\n${fence(item.snippet)}`,
          )
          .join("\n\n")
      : `No results for "${args.query}".`;
    return {
      text: `Commit ${snapshot.commit}\n\n${text}`,
      structured: { commit: snapshot.commit, results: items },
    };
  },
});

/** A code block that a backtick run inside the snippet cannot close early. */
export function fence(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}\n${code}\n${ticks}`;
}
