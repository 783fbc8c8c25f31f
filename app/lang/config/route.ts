import { DEFAULT_LANGUAGE, deepWikiLanguageNames } from "@/lib/protocol/languages";

/**
 * DeepWiki's language list: the languages its client can load, in its spellings (`kr`,
 * `pt-br`). Every spelling is accepted wherever a language arrives; Cartograph's own pickers
 * also offer the rest of LANGUAGES.
 */
export function GET() {
  return Response.json({ supported_languages: deepWikiLanguageNames, default: DEFAULT_LANGUAGE });
}
