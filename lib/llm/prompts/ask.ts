import { languageName } from "../../protocol/languages";

export interface AskPromptInput {
  repository: string;
  commit: string;
  language: string;
  /** Retrieved passages, each already headed by `path:start-end`. */
  passages: string[];
  file?: { path: string; content: string; truncated: boolean };
  /** The wiki page the user is reading: its title and (some of) its files, lines numbered. */
  page?: { title: string | null; files: { path: string; content: string; truncated: boolean }[] };
  /** A follow-up to an earlier research: its question and what it found, with citations. */
  earlier?: { question: string; findings: string[] };
}

/** The system prompt of a grounded answer about one repository. */
export function askSystemPrompt(input: AskPromptInput): string {
  const parts = [
    `You answer questions about the code repository ${input.repository} at commit ${input.commit.slice(0, 12)}.`,
    "Ground every statement in the source passages below. Cite the code you rely on as `path:start-end` (for example `src/app.ts:10-24`), using only paths and lines that appear in the passages.",
    "If the passages do not contain the answer, say what is missing instead of guessing.",
    "Use Markdown: headings for long answers, fenced code blocks with a language, tables where they help, and Mermaid diagrams (```mermaid) when a flow or structure is clearer drawn.",
    `Answer in ${languageName(input.language)}.`,
  ];
  if (input.file) {
    parts.push(
      `\nThe user is looking at ${input.file.path}${input.file.truncated ? " (shown truncated to fit; the rest is omitted)" : ""}:\n<file path="${input.file.path}">\n${input.file.content}\n</file>`,
    );
  }
  if (input.page) parts.push(pagePart(input.page));
  if (input.earlier && input.earlier.findings.length > 0) {
    parts.push(
      `\nThis question follows an earlier research on "${input.earlier.question}". What it found, with citations that were checked against this commit and may be cited too:\n${input.earlier.findings.map((finding) => `- ${finding}`).join("\n")}`,
    );
  }
  parts.push(
    `\nSource passages:\n${input.passages.join("\n\n") || "(no passages matched the question)"}`,
  );
  return parts.join("\n");
}

function pagePart(page: NonNullable<AskPromptInput["page"]>): string {
  const reading = page.title
    ? `\nThe user is reading the wiki page "${page.title}"; answer with that page in mind.`
    : "\nThe user is reading a wiki page of this repository.";
  if (page.files.length === 0) return reading;
  const files = page.files.map(
    (file) =>
      `<file path="${file.path}"${file.truncated ? ' truncated="true"' : ""}>\n${file.content}\n</file>`,
  );
  return `${reading} The page is written from these files, their lines numbered (cite them as \`path:start-end\` too):\n${files.join("\n")}`;
}

/** A passage as the model sees it: its citation, then numbered lines. */
export function formatPassage(passage: {
  path: string;
  start_line: number;
  end_line: number;
  text: string;
}): string {
  const numbered = passage.text
    .split("\n")
    .map((line, index) => `${passage.start_line + index}: ${line}`)
    .join("\n");
  return `--- ${passage.path}:${passage.start_line}-${passage.end_line}\n${numbered}`;
}
