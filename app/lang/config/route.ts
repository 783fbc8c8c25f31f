import { languageNames } from "@/lib/llm/prompts/ask";

/** DeepWiki's language list: the languages answers and wikis can be written in. */
export function GET() {
  return Response.json({ supported_languages: languageNames, default: "en" });
}
