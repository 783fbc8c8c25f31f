import { languageName } from "../../protocol/languages";

/** Planning a research: sub-questions and the first search queries (structured output). */
export function researchPlanPrompt(input: {
  repository: string;
  commit: string;
  question: string;
  language: string;
  /** For a continuation: what the earlier research found and which queries it already ran. */
  previous?: { question: string; findings: string[]; queries: string[] };
}): { system: string; prompt: string } {
  const system = [
    `You are planning a research about the code repository ${input.repository} at commit ${input.commit.slice(0, 12)}.`,
    "Break the question into 2 to 5 sub-questions that together answer it, and write 2 to 6 short search queries (identifiers, file names, key words of the code) that would find the relevant source code.",
    `Write the sub-questions in ${languageName(input.language)}; write queries in the words the code would use.`,
  ];
  const prompt = [`Question: ${input.question}`];
  if (input.previous) {
    system.push(
      "This is a follow-up to an earlier research. Plan only what the earlier findings do not already answer, and do not repeat a query that was already run.",
    );
    prompt.push(
      "",
      `Earlier question: ${input.previous.question}`,
      "Earlier findings:",
      ...input.previous.findings.map((finding) => `- ${finding}`),
      "Queries already run:",
      ...input.previous.queries.map((query) => `- ${query}`),
    );
  }
  return { system: system.join("\n"), prompt: prompt.join("\n") };
}
