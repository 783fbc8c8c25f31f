import { z } from "zod";
import { AppError } from "../../errors";
import { getFileWithContent } from "../../repos/queries";
import { defineTool } from "../tool";

/** What one call returns at most: an agent asks again for the next range. */
export const MAX_LINES = 400;
const MAX_CHARS = 100_000;

/** `GET /api/repos/{id}/file`, cut to a line range and numbered. */
export const readFile = defineTool({
  name: "read_file",
  title: "Read a file",
  description:
    "Reads lines of a file of a repository's indexed snapshot, numbered from 1 as citations " +
    `count them (path:start-end). At most ${MAX_LINES} lines per call; the answer says the ` +
    "file's total lines and where to continue.",
  input: z.object({
    repo_id: z.string().min(1).max(200),
    path: z.string().min(1).max(4_096).describe("path inside the repository, e.g. src/app.ts"),
    start_line: z.number().int().min(1).optional().describe("first line (default 1)"),
    end_line: z.number().int().min(1).optional().describe("last line, inclusive"),
    ref: z
      .string()
      .max(255)
      .optional()
      .describe("branch, tag or commit; newest snapshot if omitted"),
  }),
  readOnly: true,
  access: "read",
  async run(args, { services, principal }) {
    const snapshot = await services.repos.resolveSnapshot(principal, args.repo_id, args.ref);
    const file = await getFileWithContent(services.database.db, {
      snapshotId: snapshot.id,
      path: args.path.replace(/^\.?\//, ""),
    });
    if (!file) throw new AppError("not_found:file", "No such file in this snapshot");
    // Counted as citations are checked: trailing newlines end the last line.
    const lines = file.content.replace(/\n+$/, "").split("\n");
    const total = lines.length;
    const start = args.start_line ?? 1;
    if (start > total)
      throw new AppError(
        "bad_request:input",
        `start_line is past the end (the file has ${total} lines)`,
      );
    const asked = Math.min(args.end_line ?? total, total);
    if (asked < start) throw new AppError("bad_request:input", "end_line is before start_line");
    let end = Math.min(asked, start + MAX_LINES - 1);
    let chars = 0;
    for (let line = start; line <= end; line++) {
      chars += lines[line - 1].length + 1;
      if (chars > MAX_CHARS && line > start) {
        end = line - 1;
        break;
      }
    }
    const shown = lines.slice(start - 1, end);
    const width = String(end).length;
    const numbered = shown.map(
      (line, index) => `${String(start + index).padStart(width)}  ${line}`,
    );
    const more = end < asked ? `\n[cut at line ${end}; continue with start_line=${end + 1}]` : "";
    return {
      text: `${file.path}:${start}-${end} of ${total} lines (commit ${snapshot.commit})\n${numbered.join("\n")}${more}`,
      structured: {
        commit: snapshot.commit,
        path: file.path,
        language: file.language,
        start_line: start,
        end_line: end,
        total_lines: total,
        truncated: end < asked,
        content: shown.join("\n"),
      },
    };
  },
});
