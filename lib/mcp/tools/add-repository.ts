import { z } from "zod";
import { parseWith } from "../../http/route";
import { addRepositorySchema } from "../../repos/repository-source";
import { defineTool } from "../tool";

/** `POST /api/repos`: adds a repository and starts indexing its commit. */
export const addRepository = defineTool({
  name: "add_repository",
  title: "Add a repository",
  description:
    "Adds a git repository (an https URL of any host, or owner/repo for GitHub) or a local " +
    "folder the server allows, and starts indexing it. Returns its repo_id and, while indexing " +
    "runs, a research_id: poll get_research with it until its status is completed, then " +
    "search or ask. Adding a repository already indexed at that commit returns at once with " +
    "status ready.",
  input: z.object({
    repo_url: z
      .string()
      .min(1)
      .max(2_000)
      .describe("https git URL, owner/repo (GitHub), or an allowed local folder path"),
    ref: z
      .string()
      .max(255)
      .optional()
      .describe("branch, tag or commit; default branch if omitted"),
    token: z
      .string()
      .max(1_000)
      .optional()
      .describe(
        "access token for a private remote (used to clone and resolve commits, never returned); the repository is then private unless visibility says otherwise",
      ),
    visibility: z
      .enum(["private", "shared"])
      .optional()
      .describe("who sees it: only you (private) or every user (shared)"),
  }),
  readOnly: false,
  access: "write",
  async run(args, { services, principal }) {
    // As the route: even a repository already indexed is refused without disk room.
    services.disk.assertRoom();
    const request = parseWith(addRepositorySchema, args, "arguments");
    const added = await services.repos.addRepository(principal, request);
    const status = added.research_id ? "indexing" : "ready";
    return {
      text:
        status === "ready"
          ? `Repository ${added.repo_id} is indexed and ready (snapshot ${added.snapshot_id}).`
          : `Repository ${added.repo_id} is being indexed (run ${added.research_id}). Poll get_research with research_id "${added.research_id}" until it is completed.`,
      structured: { ...added, status },
    };
  },
});
