/** The languages an answer can be asked in: code sent as `language`, and the name shown. */
export const ANSWER_LANGUAGES = [
  { code: "en", name: "English" },
  { code: "zh", name: "中文" },
  { code: "ja", name: "日本語" },
  { code: "ko", name: "한국어" },
  { code: "es", name: "Español" },
  { code: "fr", name: "Français" },
  { code: "de", name: "Deutsch" },
  { code: "pt", name: "Português" },
  { code: "ru", name: "Русский" },
  { code: "vi", name: "Tiếng Việt" },
] as const;

export const DEFAULT_LANGUAGE = "en";

export const isAnswerLanguage = (code: string) =>
  ANSWER_LANGUAGES.some((language) => language.code === code);
