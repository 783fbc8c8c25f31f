import { languageName } from "../../protocol/languages";

/** Ask's honest answer without a model: the best passages with their citations. */
export function noModelAnswer(input: {
  passages: {
    path: string;
    start_line: number;
    end_line: number;
    text: string;
    language: string;
  }[];
  language: string;
}): string {
  const lines = [
    "> **No model is configured**, so here are the most relevant passages instead of a written answer.",
    "> To get answers, add a provider in Settings, or set `OPENAI_BASE_URL` (any OpenAI-compatible server, e.g. Ollama or vLLM) and/or `OPENAI_API_KEY` (or `OPENROUTER_API_KEY`, `OLLAMA_HOST`, `GOOGLE_API_KEY`), and optionally `CHAT_MODEL`, then restart Cartograph.",
    "",
  ];
  if (input.language !== "en")
    lines.push(
      `_(Passages are shown as they are; answers in ${languageName(input.language)} need a model.)_`,
      "",
    );
  if (input.passages.length === 0) lines.push("No passage of the repository matched the question.");
  for (const passage of input.passages.slice(0, 8)) {
    const excerpt = passage.text.split("\n").slice(0, 40).join("\n");
    lines.push(
      `### ${passage.path}:${passage.start_line}-${passage.end_line}`,
      "",
      `\`\`\`${passage.language}`,
      excerpt,
      "```",
      "",
    );
  }
  return lines.join("\n");
}
