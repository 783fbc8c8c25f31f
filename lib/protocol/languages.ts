/**
 * The languages answers, wikis and reports can be written in: one table for the prompts
 * (English name), the pickers (native name) and DeepWiki's `/lang/config`.
 */
export const LANGUAGES = [
  { code: "en", name: "English", native: "English" },
  { code: "zh", name: "Chinese", native: "中文" },
  { code: "zh-tw", name: "Traditional Chinese", native: "繁體中文" },
  { code: "ja", name: "Japanese", native: "日本語" },
  { code: "ko", name: "Korean", native: "한국어" },
  { code: "es", name: "Spanish", native: "Español" },
  { code: "fr", name: "French", native: "Français" },
  { code: "de", name: "German", native: "Deutsch" },
  { code: "pt", name: "Portuguese", native: "Português" },
  { code: "ru", name: "Russian", native: "Русский" },
  { code: "vi", name: "Vietnamese", native: "Tiếng Việt" },
  { code: "it", name: "Italian", native: "Italiano" },
] as const;

export const DEFAULT_LANGUAGE = "en";

/** Code → English name, the shape of DeepWiki's `supported_languages`. */
export const languageNames: Record<string, string> = Object.fromEntries(
  LANGUAGES.map((language) => [language.code, language.name]),
);

/** "Spanish" for `es`; an unknown code is shown as itself. */
export const languageName = (code: string) => languageNames[code.toLowerCase()] ?? code;

/** "Español" for `es`: what a reader of that language calls it. */
export const nativeLanguageName = (code: string) =>
  LANGUAGES.find((language) => language.code === code.toLowerCase())?.native ?? code;
