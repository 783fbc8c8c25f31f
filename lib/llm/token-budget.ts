/** A rough token count (about four characters a token for code and English). */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** Context windows of common models; anything else gets a conservative default. */
const CONTEXT_WINDOWS: [RegExp, number][] = [
  [/gpt-4\.1|gpt-5|o[134]/i, 128_000],
  [/gpt-4o|gpt-4-turbo/i, 128_000],
  [/claude/i, 200_000],
  [/gemini/i, 1_000_000],
  [/llama-?3|qwen|mistral|deepseek/i, 32_000],
];

export function contextWindowOf(modelId: string, configured?: number): number {
  if (configured) return configured;
  return CONTEXT_WINDOWS.find(([pattern]) => pattern.test(modelId))?.[1] ?? 16_000;
}

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

  /** Takes as much of the text as fits, cut at a line boundary; null when nothing useful fits. */
  takeTruncated(text: string, minimum = 200): { text: string; truncated: boolean } | null {
    if (this.take(text)) return { text, truncated: false };
    const chars = this.remaining * 4;
    if (chars < minimum) return null;
    const cut = text.slice(0, chars);
    const atLine = cut.lastIndexOf("\n");
    const kept = atLine > chars / 2 ? cut.slice(0, atLine) : cut;
    this.remaining -= estimateTokens(kept);
    return { text: kept, truncated: true };
  }
}
