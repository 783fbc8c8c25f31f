import { describe, expect, it } from "vitest";
import {
  canonicalLanguage,
  DEEPWIKI_LANGUAGES,
  deepWikiLanguage,
  deepWikiLanguageNames,
  languageName,
  languageSchema,
} from "./languages";

describe("canonicalLanguage", () => {
  it("reads DeepWiki's codes and ISO ones, in any case, as one canonical code", () => {
    expect(canonicalLanguage("kr")).toBe("ko");
    expect(canonicalLanguage("KO")).toBe("ko");
    expect(canonicalLanguage("pt-br")).toBe("pt");
    expect(canonicalLanguage("pt-BR")).toBe("pt");
    expect(canonicalLanguage("pt_BR")).toBe("pt");
    expect(canonicalLanguage("pt")).toBe("pt");
    expect(canonicalLanguage("zh-TW")).toBe("zh-tw");
    expect(canonicalLanguage(" ja ")).toBe("ja");
    expect(canonicalLanguage("de")).toBe("de");
  });

  it("knows no other language", () => {
    for (const code of ["xx", "", "english", "pt-pt", "k"])
      expect(canonicalLanguage(code)).toBe(null);
  });

  it("accepts every code DeepWiki's client sends", () => {
    for (const code of DEEPWIKI_LANGUAGES) expect(canonicalLanguage(code)).not.toBe(null);
  });
});

describe("deepWikiLanguage", () => {
  it("spells a canonical code as DeepWiki's client loads it, and round-trips", () => {
    expect(deepWikiLanguage("ko")).toBe("kr");
    expect(deepWikiLanguage("pt")).toBe("pt-br");
    expect(deepWikiLanguage("zh-tw")).toBe("zh-tw");
    expect(deepWikiLanguage("de")).toBe("de");
    for (const code of DEEPWIKI_LANGUAGES)
      expect(deepWikiLanguage(canonicalLanguage(code) as string)).toBe(code);
  });

  it("names each of DeepWiki's codes for /lang/config", () => {
    expect(Object.keys(deepWikiLanguageNames)).toEqual([...DEEPWIKI_LANGUAGES]);
    expect(deepWikiLanguageNames.kr).toBe("Korean");
    expect(deepWikiLanguageNames["pt-br"]).toBe("Portuguese");
    expect(languageName("KR")).toBe("Korean");
  });
});

describe("languageSchema", () => {
  it("turns an accepted spelling into the canonical code and refuses the rest", () => {
    expect(languageSchema.parse("kr")).toBe("ko");
    const refused = languageSchema.safeParse("klingon");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toMatch(/unsupported language "klingon"/);
  });
});
