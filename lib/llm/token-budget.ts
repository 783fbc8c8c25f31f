/**
 * What one UTF-16 unit costs, in sixths of a token. Deliberately on the high side so a
 * prompt fitted with it really fits: ASCII at three characters a token (paths and code
 * split finer than prose), anything else at half a token per UTF-8 byte (a CJK character
 * 1.5, where tokenizers spend one or two).
 */
function sixthsOf(code: number): number {
  if (code < 0x80) return 2;
  if (code < 0x800) return 6;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // each half of a 4-byte character
  return 9;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, control characters included
const NON_ASCII = /[^\x00-\x7f]/;

/** A conservative token count for a prompt (see sixthsOf). */
export function estimateTokens(text: string): number {
  // All ASCII (most code and prompts): two sixths each, counted without the walk.
  if (!NON_ASCII.test(text)) return Math.ceil(text.length / 3);
  let sixths = 0;
  for (let index = 0; index < text.length; index++) sixths += sixthsOf(text.charCodeAt(index));
  return Math.ceil(sixths / 6);
}

/**
 * How many characters from the start (or the end) of `text` fit in `tokens`, never
 * splitting a character made of two UTF-16 units.
 */
export function charsWithin(text: string, tokens: number, from: "start" | "end"): number {
  const limit = Math.floor(tokens * 6);
  let sixths = 0;
  let count = 0;
  while (count < text.length) {
    const index = from === "start" ? count : text.length - 1 - count;
    sixths += sixthsOf(text.charCodeAt(index));
    if (sixths > limit) break;
    count++;
  }
  if (count === 0 || count === text.length) return count;
  const edge = text.charCodeAt(from === "start" ? count - 1 : text.length - count);
  const splitsPair = from === "start" ? isHighSurrogate(edge) : isLowSurrogate(edge);
  return splitsPair ? count - 1 : count;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Spends a token budget in priority order; what does not fit is left out (or cut, for text). */
export class TokenBudget {
  constructor(private remaining: number) {}

  get left(): number {
    return this.remaining;
  }

  /** Takes the whole text or nothing. */
  take(text: string): boolean {
    const cost = estimateTokens(text);
    if (cost > this.remaining) return false;
    this.remaining -= cost;
    return true;
  }

  /** Spends tokens already counted elsewhere (text cut to fit before it is taken). */
  spend(tokens: number): void {
    this.remaining -= tokens;
  }

  /** Takes as much of the text as fits, cut at a line boundary; null when nothing useful fits. */
  takeTruncated(text: string, minimum = 200): { text: string; truncated: boolean } | null {
    if (this.take(text)) return { text, truncated: false };
    const chars = charsWithin(text, Math.max(0, this.remaining), "start");
    if (chars < minimum) return null;
    const cut = text.slice(0, chars);
    const atLine = cut.lastIndexOf("\n");
    const kept = atLine > chars / 2 ? cut.slice(0, atLine) : cut;
    this.remaining -= estimateTokens(kept);
    return { text: kept, truncated: true };
  }
}
