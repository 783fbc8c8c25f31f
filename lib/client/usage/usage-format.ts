import type { UsageTotals } from "@/lib/protocol/usage";

const count = new Intl.NumberFormat("en-US");

/** "$0.0123"; small amounts keep enough digits to mean something, unknown is "—". */
export function formatCost(cost: number | null): string {
  if (cost === null) return "—";
  if (cost === 0) return "$0";
  if (cost < 0.01) return `$${cost.toPrecision(2)}`;
  return `$${cost.toFixed(cost < 10 ? 4 : 2)}`;
}

export const formatTokens = (tokens: number) => count.format(tokens);

/** "1,234 in · 56 out · $0.0012", with "≈" before estimated tokens and "cost unknown" without a price. */
export function usageLine(usage: UsageTotals): string {
  const about = usage.estimated ? "≈" : "";
  const cost = usage.cost === null ? "cost unknown" : formatCost(usage.cost);
  return `${about}${formatTokens(usage.input_tokens)} in · ${about}${formatTokens(usage.output_tokens)} out · ${cost}`;
}

/** Whether there is anything to show: a wiki or a run without model calls shows nothing. */
export const hasUsage = (usage: UsageTotals | undefined | null): usage is UsageTotals =>
  Boolean(usage && usage.input_tokens + usage.output_tokens > 0);
