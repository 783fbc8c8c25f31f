/**
 * Tokens for code-aware lexical search. Identifiers are split into their words
 * (`parseHTTPRequest` → parse, http, request) and also kept whole (`parsehttprequest`), so a
 * question in plain words and an exact identifier both find the code. Used for documents and
 * queries alike, which is what makes the light stemming (`stem.ts`) and reading abbreviations
 * as their words (`abbreviations.ts`) safe.
 */
import { canonicalWord } from "./abbreviations";
import { stemWord } from "./stem";

export { stemPlural } from "./stem";

/** Runs of identifier characters; everything else (operators, `/`, `.`, `-`) separates. */
const WORD = /[\p{L}\p{M}\p{N}_$]+/gu;
/** Inside a word: acronyms before a capitalised word, capitalised words, acronyms, numbers, rest. */
const PART =
  /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?[\p{Ll}\p{M}]+|\p{Lu}+|\p{N}+|[^\p{Lu}\p{Ll}\p{N}_$]+/gu;

/**
 * English filler and keywords that occur in nearly every file. Deliberately short: words like
 * `type`, `class`, `error`, `async`, `get`, `new` carry meaning in questions about code.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [
    // English
    "an and are as at be been but by can could did do does for from had has have how if in",
    "into is it its me my of on or our should so than that the their them then there these",
    "they this those to was we were what when where which who why will with would you your",
    // Keywords and literals that say nothing about what code does
    "const let var return function def fn func else elif true false null nil none",
    "undefined void self public private protected readonly pass",
  ]
    .join(" ")
    .split(" "),
);

function keep(token: string): boolean {
  return token.length > 1 && !STOP_WORDS.has(token);
}

/** PART for ASCII words, several times faster than the Unicode-aware pattern. */
const ASCII_PART = /[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+/g;
const ASCII_WORD = /^[\w$]+$/;

function splitIdentifier(word: string): string[] {
  const parts: string[] = [];
  const pattern = ASCII_WORD.test(word) ? ASCII_PART : PART;
  const pieces = word.includes("_") || word.includes("$") ? word.split(/[_$]+/) : [word];
  for (const piece of pieces) {
    for (const match of piece.matchAll(pattern)) parts.push(match[0].toLowerCase());
  }
  return parts;
}

/** The common case (`value`, `user`): nothing to split, so skip the Unicode-aware pass. */
const PLAIN_LOWER = /^[a-z]+$/;
const DIGITS = /^\d/;

/** A word's index key: its stem, abbreviations read as the word they stand for. */
function wordKey(word: string): string {
  return canonicalWord(stemWord(word));
}

export function tokenizeCode(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    if (PLAIN_LOWER.test(raw)) {
      if (keep(raw)) tokens.push(wordKey(raw));
      continue;
    }
    const word = raw.replace(/^[_$]+|[_$]+$/g, "");
    if (word === "") continue;
    const parts = splitIdentifier(word);
    if (parts.length > 1) {
      // The whole identifier, so an exact identifier query outranks scattered word matches.
      // Underscores dropped: `get_user_by_id` and `getUserById` are the same name to a reader.
      const whole = word.replace(/[_$]/g, "").toLowerCase();
      if (keep(whole)) tokens.push(whole);
    }
    for (const part of parts) {
      if (!keep(part)) continue;
      tokens.push(DIGITS.test(part) ? part : wordKey(part));
    }
  }
  return tokens;
}
