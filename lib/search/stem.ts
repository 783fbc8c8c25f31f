/**
 * Light English suffix stripping for code search, applied identically to documents and
 * queries: a question says "retried" or "throttling" where the file says `retry` or
 * `throttle`. Not a full Porter stemmer; it only has to map a word's common forms to one
 * key, and an odd key (`retri`, `handl`) is harmless because both sides produce it. Agent
 * nouns (-er) and -ion nouns are left alone: stripping them conflated unrelated words
 * (`header`/`head`) and measured no better on the retrieval evals.
 */
const VOWEL = /[aeiouy]/;
/** Doubled final consonants that a suffix added (`stopped` → `stop`); `ll`, `ss`, `zz` stay. */
const DOUBLED = /([bdfgkmnprt])\1$/;

export function stemWord(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let stem = stemPlural(word);
  stem = stripVerbEnding(stem);
  // retry / retries / retried / retrying → retri; handle / handled → handl
  if (stem.length >= 4 && /[^aeiou]y$/.test(stem)) stem = `${stem.slice(0, -1)}i`;
  else if (stem.length >= 5 && stem.endsWith("e") && !stem.endsWith("ee")) stem = stem.slice(0, -1);
  return stem;
}

function stripVerbEnding(word: string): string {
  for (const ending of ["ing", "ed"]) {
    if (!word.endsWith(ending)) continue;
    const base = word.slice(0, -ending.length);
    // "need", "bring", "red": the ending is part of a short stem.
    if (base.length < 3 || !VOWEL.test(base) || base.endsWith("e")) return word;
    // retried → retry (then → retri), applied → apply
    if (ending === "ed" && base.endsWith("i")) return `${base.slice(0, -1)}y`;
    return undouble(base);
  }
  return word;
}

function undouble(word: string): string {
  return DOUBLED.test(word) ? word.slice(0, -1) : word;
}

/** Singular words ending in "s" (their plurals too would be mangled by the rules below). */
const KEEP_AS_IS = new Set(["alias", "canvas", "atlas", "bias", "chaos", "macos", "ios", "kudos"]);

/** Light plural stemming: users → user, entries → entry, classes → class, caches → cache. */
export function stemPlural(word: string): string {
  if (word.length < 3 || KEEP_AS_IS.has(word) || !word.endsWith("s")) return word;
  if (word.endsWith("es") && KEEP_AS_IS.has(word.slice(0, -2))) return word.slice(0, -2);
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  // boxes, classes, hashes, matches (but caches, niches: -che + s)
  if (/(x|ss|sh|[^a]ch|zz)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}
