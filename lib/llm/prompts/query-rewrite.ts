/**
 * The optional query rewrite (`lib/search/query-rewrite.ts`): a question turned into the words
 * code would use, for a search engine that matches words. Short and strict: one line back.
 */
export function queryRewritePrompt(input: { question: string; repository?: string }): {
  system: string;
  prompt: string;
} {
  const system = [
    `You turn a question about ${input.repository ? `the code repository ${input.repository}` : "a code repository"} into search terms for a code search engine that matches words.`,
    "Reply with one line of at most 12 terms separated by spaces: the function, class, method and variable names the code likely uses (in its own spelling, such as camelCase or snake_case), likely file names, and the technical words the code and its comments would use for the concept, including synonyms of the question's words.",
    "Reply with the terms only: no explanation, no numbering, no quotes.",
  ].join("\n");
  return { system, prompt: `Question: ${input.question}` };
}
