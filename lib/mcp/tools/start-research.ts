import { z } from "zod";
import { parseWith } from "../../http/route";
import { startResearchRequestSchema } from "../../protocol/research";
import { startResearch as startResearchRun } from "../../research/service";
import { defineTool } from "../tool";

/** `POST /api/start_research`: a deep research run over a repository. */
export const startResearch = defineTool({
  name: "start_research",
  title: "Start a deep research",
  description:
    "Starts a deep research run: the question is planned into sub-questions, the code is " +
    "searched and read over several iterations, and a report with verified citations is " +
    "written. It takes from seconds (quick) to minutes (detailed). Returns a research_id: poll " +
    "get_research with it for status and progress; the report comes with status completed.",
  input: z.object({
    repo_id: z.string().min(1).max(200),
    query: z.string().trim().min(1).max(4_000).describe("the question to research"),
    mode: z.enum(["quick", "detailed"]).default("detailed"),
    iterations: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe("detailed mode: 1-10, default 5"),
    ref: z
      .string()
      .max(255)
      .optional()
      .describe("branch, tag or commit; default branch if omitted"),
    language: z.string().max(20).optional().describe("language of the report, e.g. en, ja"),
    parent_id: z
      .string()
      .max(200)
      .optional()
      .describe("continue an earlier research of yours (its research_id) with a follow-up"),
  }),
  readOnly: false,
  access: "write",
  async run(args, { services, principal }) {
    const repository = await services.repos.get(principal, args.repo_id);
    const request = parseWith(
      startResearchRequestSchema,
      {
        query: args.query,
        repo_url: repository.source,
        mode: args.mode,
        ...(args.iterations ? { iterations: args.iterations } : {}),
        ...(args.ref ? { ref: args.ref } : {}),
        ...(args.language ? { language: args.language } : {}),
        ...(args.parent_id ? { parent_id: args.parent_id } : {}),
      },
      "arguments",
    );
    const started = await startResearchRun(
      {
        db: services.database.db,
        repos: services.repos,
        runs: services.runs,
        models: services.models,
      },
      principal,
      request,
    );
    const id = started.snapshot.research_id;
    const queued = started.queuePosition
      ? ` It is queued at position ${started.queuePosition}.`
      : "";
    return {
      text: `Research ${id} started.${queued} Poll get_research with research_id "${id}".`,
      structured: {
        research_id: id,
        status: started.snapshot.status,
        ...(started.queuePosition ? { queue_position: started.queuePosition } : {}),
      },
    };
  },
});
