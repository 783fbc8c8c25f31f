/** Asks for one JSON value matching a schema; appended to the caller's system prompt. */
export function structuredOutputInstructions(input: {
  name?: string;
  jsonSchema?: string;
}): string {
  const what = input.name ? ` (${input.name})` : "";
  const schema = input.jsonSchema ? `\nIt must match this JSON Schema:\n${input.jsonSchema}` : "";
  return `Reply with a single JSON object${what} and nothing else: no prose, no Markdown fences.${schema}`;
}

/** The second and last chance: the model sees what it sent and why it was rejected. */
export function structuredRepairPrompt(input: { invalidOutput: string; problem: string }): string {
  return [
    "Your previous reply could not be used:",
    input.problem,
    "",
    "Your previous reply was:",
    input.invalidOutput.slice(0, 8_000),
    "",
    "Reply again with only the corrected JSON object, matching the schema exactly.",
  ].join("\n");
}
