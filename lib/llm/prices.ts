/** A model's price in US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

export interface PriceEntry extends ModelPrice {
  /** A model id as providers name it (`gpt-4o-mini`); dated and routed ids match it too. */
  model: string;
}

/**
 * List prices of common models (USD per million tokens, standard tier, as published by
 * their vendors in 2025). Settings can override any of them and add others; a model found
 * in neither has no price, and its calls a `null` cost.
 */
export const DEFAULT_PRICES: readonly PriceEntry[] = [
  { model: "gpt-4o", input: 2.5, output: 10 },
  { model: "gpt-4o-mini", input: 0.15, output: 0.6 },
  { model: "gpt-4.1", input: 2, output: 8 },
  { model: "gpt-4.1-mini", input: 0.4, output: 1.6 },
  { model: "gpt-4.1-nano", input: 0.1, output: 0.4 },
  { model: "gpt-4-turbo", input: 10, output: 30 },
  { model: "gpt-3.5-turbo", input: 0.5, output: 1.5 },
  { model: "gpt-5", input: 1.25, output: 10 },
  { model: "gpt-5-mini", input: 0.25, output: 2 },
  { model: "gpt-5-nano", input: 0.05, output: 0.4 },
  { model: "o1", input: 15, output: 60 },
  { model: "o3", input: 2, output: 8 },
  { model: "o3-mini", input: 1.1, output: 4.4 },
  { model: "o4-mini", input: 1.1, output: 4.4 },
  { model: "claude-3-haiku", input: 0.25, output: 1.25 },
  { model: "claude-3-5-haiku", input: 0.8, output: 4 },
  { model: "claude-haiku-4-5", input: 1, output: 5 },
  { model: "claude-3-5-sonnet", input: 3, output: 15 },
  { model: "claude-3-7-sonnet", input: 3, output: 15 },
  { model: "claude-sonnet-4", input: 3, output: 15 },
  { model: "claude-sonnet-4-5", input: 3, output: 15 },
  { model: "claude-3-opus", input: 15, output: 75 },
  { model: "claude-opus-4", input: 15, output: 75 },
  { model: "claude-opus-4-1", input: 15, output: 75 },
  { model: "gemini-1.5-flash", input: 0.075, output: 0.3 },
  { model: "gemini-1.5-pro", input: 1.25, output: 5 },
  { model: "gemini-2.0-flash", input: 0.1, output: 0.4 },
  { model: "gemini-2.0-flash-lite", input: 0.075, output: 0.3 },
  { model: "gemini-2.5-flash", input: 0.3, output: 2.5 },
  { model: "gemini-2.5-flash-lite", input: 0.1, output: 0.4 },
  { model: "gemini-2.5-pro", input: 1.25, output: 10 },
  { model: "deepseek-chat", input: 0.27, output: 1.1 },
  { model: "deepseek-reasoner", input: 0.55, output: 2.19 },
];

/**
 * The id a price is looked up by: without a router's vendor prefix (`openai/gpt-4o`,
 * `models/gemini-2.5-pro`), lower-case, with `3.5`-style versions spelled `3-5` for Claude
 * (OpenRouter's `claude-3.5-sonnet` is Anthropic's `claude-3-5-sonnet`).
 */
export function priceKeyOf(model: string): string {
  const bare = model.trim().toLowerCase().split("/").at(-1) ?? "";
  return bare.startsWith("claude") ? bare.replace(/(\d)\.(\d)/g, "$1-$2") : bare;
}

/** What may follow a priced id and still be that model: a date, a `-latest`, a tag. */
const VERSION_SUFFIX =
  /^(-\d{4}-?\d{2}-?\d{2}|-\d{3,4}|-latest|-preview(-[\w-]*)?|-exp(-[\w-]*)?|:[\w.-]+)?$/;

/**
 * The price of a model: an exact entry of `prices` first, else the longest entry the id
 * starts with followed only by a version suffix (`gpt-4o-2024-08-06` is `gpt-4o`, while
 * `gpt-4o-mini` has its own entry and `o3-pro` none). Null when none matches.
 */
export function priceOf(model: string, prices: readonly PriceEntry[]): ModelPrice | null {
  const key = priceKeyOf(model);
  let best: PriceEntry | null = null;
  for (const entry of prices) {
    const candidate = priceKeyOf(entry.model);
    if (candidate === key) return { input: entry.input, output: entry.output };
    if (!key.startsWith(candidate) || !VERSION_SUFFIX.test(key.slice(candidate.length))) continue;
    if (!best || candidate.length > priceKeyOf(best.model).length) best = entry;
  }
  return best && { input: best.input, output: best.output };
}

/** The defaults with the configured entries in their place (a configured id replaces its default). */
export function effectivePrices(configured: readonly PriceEntry[]): PriceEntry[] {
  const keys = new Set(configured.map((entry) => priceKeyOf(entry.model)));
  return [...configured, ...DEFAULT_PRICES.filter((entry) => !keys.has(priceKeyOf(entry.model)))];
}

/** Dollars for a call, to a millionth of a cent; null without a price. */
export function costOf(
  tokens: { input: number; output: number },
  price: ModelPrice | null,
): number | null {
  if (!price) return null;
  const dollars = (tokens.input * price.input + tokens.output * price.output) / 1_000_000;
  return Math.round(dollars * 1e8) / 1e8;
}
