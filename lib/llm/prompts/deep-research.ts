export type ResearchStage = "plan" | "update" | "conclusion";

/** Instructions for one iteration of a deep-research conversation (PROTOCOLS.md section 1). */
export function deepResearchInstructions(input: {
  stage: ResearchStage;
  iteration: number;
  question: string;
}): string {
  const common = `You are investigating this question in several iterations: "${input.question}". Each iteration reads new source passages.`;
  if (input.stage === "plan") {
    return `${common}\nThis is iteration 1. Start your answer with the heading "## Research Plan": state what you will investigate, what the passages already show (with citations), and end with a list "### Open questions" of what remains to be found.`;
  }
  if (input.stage === "update") {
    return `${common}\nThis is iteration ${input.iteration}. Start with the heading "## Research Update ${input.iteration}": report what the new passages show (with citations), do not repeat earlier findings, and end with "### Open questions" listing what is still unanswered (write "None" when the evidence is complete).`;
  }
  return `${common}\nThis is the last iteration. Start with the heading "## Final Conclusion": answer the question completely from all findings so far, with citations, and note any remaining uncertainty.`;
}
