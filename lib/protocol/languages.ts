import { z } from "zod";

/**
 * The languages answers, wikis and reports can be written in: one table for the prompts
 * (English name) and the pickers (native name). Its codes are the canonical ones: the only
 * spelling stored, compared and sent back by Cartograph's own API.
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

export type LanguageCode = (typeof LANGUAGES)[number]["code"];

export const DEFAULT_LANGUAGE: LanguageCode = "en";

/**
 * Other spellings of a supported language (compared lower-cased, `_` read as `-`):
 * DeepWiki's own (`kr`, `pt-br`) and common BCP 47 tags.
 */
const ALIASES: Readonly<Record<string, LanguageCode>> = {
  kr: "ko",
  "pt-br": "pt",
  "zh-cn": "zh",
  "zh-hans": "zh",
  "zh-hant": "zh-tw",
};

/** DeepWiki's client ships its interface in these languages, spelt as it loads them. */
export const DEEPWIKI_LANGUAGES = [
  "en",
  "ja",
  "zh",
  "zh-tw",
  "es",
  "kr",
  "vi",
  "pt-br",
  "fr",
  "ru",
] as const;

const byCode = new Map<string, (typeof LANGUAGES)[number]>(
  LANGUAGES.map((language) => [language.code, language]),
);

/**
 * The one way a language code that arrives is read: `kr`, `KO` and `ko` are all `ko`,
 * `pt-BR` is `pt`. Null for a language Cartograph does not write in.
 */
export function canonicalLanguage(code: string): LanguageCode | null {
  const spelled = code.trim().toLowerCase().replace(/_/g, "-");
  const canonical = ALIASES[spelled] ?? spelled;
  return byCode.get(canonical)?.code ?? null;
}

/** A canonical code as DeepWiki's client spells it (`ko` → `kr`, `pt` → `pt-br`). */
export function deepWikiLanguage(code: string): string {
  const canonical = canonicalLanguage(code) ?? code;
  return (
    DEEPWIKI_LANGUAGES.find((spelling) => canonicalLanguage(spelling) === canonical) ?? canonical
  );
}

/**
 * A language field of any request: any accepted spelling in, the canonical code out, an
 * unsupported one refused. Typed as a string so the browser builds requests with any code.
 */
export const languageSchema = z
  .string()
  .max(20)
  .transform((code, ctx): string => {
    const canonical = canonicalLanguage(code);
    if (canonical) return canonical;
    ctx.addIssue({
      code: "custom",
      message: `unsupported language "${code.slice(0, 20)}"; supported: ${LANGUAGES.map((language) => language.code).join(", ")} (also kr, pt-br)`,
    });
    return z.NEVER;
  });

/** "Spanish" for `es` (or any spelling of it); an unknown code is shown as itself. */
export const languageName = (code: string) => {
  const canonical = canonicalLanguage(code);
  return canonical ? (byCode.get(canonical)?.name ?? code) : code;
};

/** "Español" for `es`: what a reader of that language calls it. */
export const nativeLanguageName = (code: string) => {
  const canonical = canonicalLanguage(code);
  return canonical ? (byCode.get(canonical)?.native ?? code) : code;
};

/** DeepWiki's `/lang/config` list: its spellings, each with its English name. */
export const deepWikiLanguageNames: Readonly<Record<string, string>> = Object.fromEntries(
  DEEPWIKI_LANGUAGES.map((code) => [code, languageName(code)]),
);
