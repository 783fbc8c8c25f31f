import { z } from "zod";
import { answerChat, chatDepsOf } from "../../chat/answer";
import { parseWith } from "../../http/route";
import { type Citation, chatRequestSchema, type SourceItem } from "../../protocol/chat";
import { defineTool } from "../tool";

/**
 * Ask (`/ws/chat`, `POST /api/chat/stream`): the same grounded answer, and the same
 * citations checked against the snapshot as the UI shows, collected into one result.
 */
export const askQuestion = defineTool({
  name: "ask_question",
  title: "Ask a question about a repository",
  description:
    "Answers a question about a repository from its indexed code, citing the code as " +
    "path:start-end. Each citation is checked against the snapshot: `verified: false` means " +
    "the file or the lines are not there, so do not rely on it. Pass the returned chat_id " +
    "(or any new UUID) to ask a follow-up in the same conversation. The repository is " +
    "indexed first when needed.",
  input: z.object({
    repo_id: z.string().min(1).max(200),
    question: z.string().trim().min(1).max(20_000),
    chat_id: z
      .string()
      .max(100)
      .optional()
      .describe("continue this conversation (a chat_id returned earlier, or a new UUID)"),
    ref: z
      .string()
      .max(255)
      .optional()
      .describe("branch, tag or commit; default branch if omitted"),
    language: z.string().max(20).optional().describe("language of the answer, e.g. en, ja"),
  }),
  readOnly: false,
  access: "read",
  async run(args, { services, principal, signal, progress }) {
    const repository = await services.repos.get(principal, args.repo_id);
    services.limits.take("chat", principal.key);
    const request = parseWith(
      chatRequestSchema,
      {
        repo_url: repository.source,
        messages: [{ role: "user", content: args.question }],
        ...(args.chat_id ? { chat_id: args.chat_id } : {}),
        ...(args.ref ? { ref: args.ref } : {}),
        ...(args.language ? { language: args.language } : {}),
      },
      "arguments",
    );
    const deps = chatDepsOf(services);
    let answer = "";
    let chatId = "";
    let commit = "";
    let model = "";
    let sources: SourceItem[] = [];
    let citations: Citation[] = [];
    let usage: unknown = null;
    for await (const event of answerChat(request, principal, deps, signal)) {
      if (event.type === "progress") {
        await progress({ progress: event.progress, total: 100, message: event.message });
      } else if (event.type === "meta") {
        chatId = event.chat_id;
        commit = event.repo.commit;
        model = event.model;
      } else if (event.type === "sources") sources = event.items;
      else if (event.type === "delta") answer += event.text;
      else if (event.type === "done") {
        citations = event.citations ?? [];
        usage = event.usage;
      }
    }
    const checked = citations.map((citation) => ({
      citation: `${citation.path}:${citation.start_line}-${citation.end_line}`,
      text: citation.text,
      path: citation.path,
      start_line: citation.start_line,
      end_line: citation.end_line,
      verified: citation.valid,
    }));
    const list = checked.map(
      (citation) =>
        `- ${citation.citation}: ${citation.verified ? "verified" : "NOT verified (not in the snapshot)"}`,
    );
    return {
      text: `${answer}\n\n---\nCommit ${commit}, chat_id ${chatId}\nCitations:\n${list.join("\n") || "(none)"}`,
      structured: {
        answer,
        chat_id: chatId,
        commit,
        model,
        usage,
        citations: checked,
        sources: sources.map((source) => ({
          ...source,
          location: `${source.path}:${source.start_line}-${source.end_line}`,
        })),
      },
    };
  },
});
