import { languageName } from "../../protocol/languages";

/** One research iteration: what the new passages establish, what is still open, what to search next. */
export function researchIterationPrompt(input: {
  repository: string;
  question: string;
  language: string;
  iteration: number;
  iterations: number;
  openQuestions: string[];
  findings: string[];
  queriesRun: string[];
  /** New passages and files, each headed by `path:start-end`. */
  passages: string[];
}): { system: string; prompt: string } {
  const system = [
    `You are reviewing new evidence in iteration ${input.iteration} of ${input.iterations} of a research about the code repository ${input.repository}.`,
    "Record as findings only what the passages below show, each finding with the citations (`path:start-end`, using only paths and lines shown in the passages) that support it. Do not repeat earlier findings.",
    "List the questions that are still open. Propose new search queries for them (never one already run), and name files worth reading in full.",
    'Set "complete" to true when the findings answer the question and its sub-questions.',
    `Write claims and questions in ${languageName(input.language)}.`,
  ].join("\n");
  const prompt = [
    `Question: ${input.question}`,
    "",
    "Open questions:",
    ...(input.openQuestions.length ? input.openQuestions.map((q) => `- ${q}`) : ["(none listed)"]),
    "",
    "Earlier findings:",
    ...(input.findings.length ? input.findings.map((f) => `- ${f}`) : ["(none yet)"]),
    "",
    "Queries already run:",
    ...input.queriesRun.map((query) => `- ${query}`),
    "",
    "New passages:",
    input.passages.join("\n\n") || "(no new passages matched)",
  ].join("\n");
  return { system, prompt };
}
