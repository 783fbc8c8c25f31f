import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { canWrite, type Principal } from "../auth/guard";
import { AppError, toAppError } from "../errors";
import { assertStorable } from "../http/route";
import type { Services } from "../services";
import type { CartographTool, ToolContext } from "./tool";
import { addRepository } from "./tools/add-repository";
import { askQuestion } from "./tools/ask-question";
import { getResearch } from "./tools/get-research";
import { listRepositories } from "./tools/list-repositories";
import { readFile } from "./tools/read-file";
import { readWikiPage } from "./tools/read-wiki-page";
import { readWikiStructure } from "./tools/read-wiki-structure";
import { searchCode } from "./tools/search-code";
import { startResearch } from "./tools/start-research";

/** Every tool Cartograph offers over MCP (HTTP and stdio alike). */
// biome-ignore lint/suspicious/noExplicitAny: each tool's arguments are typed by its own schema.
export const MCP_TOOLS: CartographTool<any>[] = [
  listRepositories,
  addRepository,
  searchCode,
  readFile,
  readWikiStructure,
  readWikiPage,
  askQuestion,
  startResearch,
  getResearch,
];

const INSTRUCTIONS =
  "Cartograph indexes code repositories and answers from their code. Start with " +
  "list_repositories (or add_repository), then search_code and read_file for exact code, " +
  "read_wiki_structure/read_wiki_page for a generated overview, ask_question for a grounded " +
  "answer, and start_research/get_research for a longer investigation. Citations are " +
  "path:start-end in the indexed commit.";

/**
 * An MCP server whose tools act as `principal`: one per HTTP request (stateless) or one
 * for a stdio process. A tool's failure is a tool error with the AppError's short message;
 * anything unexpected is logged and answered "Internal server error".
 */
export function createMcpServer(services: Services, principal: Principal): McpServer {
  const server = new McpServer(
    { name: "cartograph", title: "Cartograph", version: "0.1.0" },
    { instructions: INSTRUCTIONS },
  );
  for (const tool of MCP_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: {
          title: tool.title,
          readOnlyHint: tool.readOnly,
          destructiveHint: false,
          openWorldHint: false,
        },
      },
      async (
        args: unknown,
        extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
      ): Promise<CallToolResult> => {
        const progressToken = extra._meta?.progressToken;
        const context: ToolContext = {
          services,
          principal,
          signal: extra.signal,
          progress: async (update) => {
            if (progressToken === undefined) return;
            await extra
              .sendNotification({
                method: "notifications/progress",
                params: { progressToken, ...update },
              })
              .catch(() => {});
          },
        };
        try {
          // As every route: text Postgres cannot store is bad input, not a database error.
          assertStorable(args, "arguments");
          // The same scope rule as route(): a read-only token reads and asks, nothing more.
          if (tool.access === "write" && !canWrite(principal)) {
            throw new AppError("forbidden:scope", "This token is read-only");
          }
          const result = await tool.run(tool.input.parse(args), context);
          return {
            content: [{ type: "text", text: result.text }],
            structuredContent: result.structured,
          };
        } catch (error) {
          const failure = toAppError(error, `mcp ${tool.name}`);
          const retry = failure.retryAfterSeconds
            ? ` (retry in ${failure.retryAfterSeconds} s)`
            : "";
          return {
            isError: true,
            content: [{ type: "text", text: `${failure.message}${retry} [${failure.code}]` }],
          };
        }
      },
    );
  }
  return server;
}
