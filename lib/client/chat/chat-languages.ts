import { DEFAULT_LANGUAGE, LANGUAGES } from "@/lib/protocol/languages";

/** The languages an answer can be asked in: code sent as `language`, and the name shown. */
export const ANSWER_LANGUAGES = LANGUAGES.map(({ code, native }) => ({ code, name: native }));

export { DEFAULT_LANGUAGE };

export const isAnswerLanguage = (code: string) =>
  ANSWER_LANGUAGES.some((language) => language.code === code);
