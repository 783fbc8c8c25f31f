import { DEFAULT_LANGUAGE, languageNames } from "@/lib/protocol/languages";

/** DeepWiki's language list: the languages answers and wikis can be written in. */
export function GET() {
  return Response.json({ supported_languages: languageNames, default: DEFAULT_LANGUAGE });
}
