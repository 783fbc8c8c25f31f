import { languageName } from "../../protocol/languages";

/** The outline of a research report (structured output). */
export function researchOutlinePrompt(input: {
  repository: string;
  question: string;
  language: string;
  findings: string[];
}): { system: string; prompt: string } {
  return {
    system: [
      `You are outlining a research report about the code repository ${input.repository}.`,
      "Give the report a title and 2 to 6 sections, each with a heading and a one-line focus, so that together they answer the question from the findings. Start with the direct answer, end with open points only if some remain.",
      `Write in ${languageName(input.language)}.`,
    ].join("\n"),
    prompt: [
      `Question: ${input.question}`,
      "",
      "Findings:",
      ...input.findings.map((finding) => `- ${finding}`),
    ].join("\n"),
  };
}

/** One section of a research report, written as Markdown prose with citations. */
export function researchSectionPrompt(input: {
  repository: string;
  commit: string;
  question: string;
  language: string;
  title: string;
  headings: string[];
  section: { heading: string; focus: string };
  findings: string[];
  /** Source passages, each headed by `path:start-end`. */
  passages: string[];
}): { system: string; prompt: string } {
  return {
    system: [
      `You are writing one section of a research report about the code repository ${input.repository} at commit ${input.commit.slice(0, 12)}.`,
      `The report is titled "${input.title}" and has these sections: ${input.headings.join("; ")}.`,
      "Write only the body of the requested section (no heading): Markdown prose, code blocks and Mermaid diagrams where they help.",
      "Ground every statement in the findings and passages below and cite the code you rely on as `path:start-end`, using only paths and lines that appear in them. If something is not shown, say so instead of guessing.",
      `Write in ${languageName(input.language)}.`,
      "",
      "Findings:",
      ...input.findings.map((finding) => `- ${finding}`),
      "",
      "Source passages:",
      input.passages.join("\n\n") || "(none)",
    ].join("\n"),
    prompt: `Question: ${input.question}\n\nWrite the section "${input.section.heading}": ${input.section.focus}`,
  };
}
